namespace DataAccess.Tests.Resilience;

// An operation that throws the given exceptions in turn, then succeeds with the number of
// its attempts, and counts how often it was called.
internal sealed class FailingOperation(params Exception[] failures)
{
    public int Attempts { get; private set; }

    public static FailingOperation Always(string code) =>
        new([.. Enumerable.Range(0, 100).Select(_ => new DatabaseError(code, $"failed with {code}"))]);

    public async ValueTask<int> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        Attempts++;
        return Attempts <= failures.Length ? throw failures[Attempts - 1] : Attempts;
    }

    public Task<int> RunTaskAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken).AsTask();
}
