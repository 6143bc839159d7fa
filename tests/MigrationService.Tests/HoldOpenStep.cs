namespace MigrationService.Tests;

// A last step that keeps the worker from stopping the application until the test is done with
// it, the way a long migration would. It reports when the steps before it have finished.
internal sealed class HoldOpenStep : IMigrationStep
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "hold open";

    public Task Reached => _reached.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
