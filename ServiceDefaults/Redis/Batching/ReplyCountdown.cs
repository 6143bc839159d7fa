namespace ServiceDefaults.Redis;

// Completes once a known number of replies have arrived, whatever their outcome.
internal sealed class ReplyCountdown(int count) : IReplyObserver
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = count;

    public Task Task => _completed.Task;

    public void OnReplyCompleted(Exception? exception)
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _completed.TrySetResult();
        }
    }
}
