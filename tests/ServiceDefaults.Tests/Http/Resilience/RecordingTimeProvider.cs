namespace ServiceDefaults.Tests.Http.Resilience;

// Real time that remembers every delay it was asked to wait, so a test can tell which delay
// the retry chose without measuring elapsed time.
internal sealed class RecordingTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> _requestedDelays = [];

    public IReadOnlyList<TimeSpan> RequestedDelays
    {
        get
        {
            lock (_requestedDelays)
            {
                return [.. _requestedDelays];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_requestedDelays)
        {
            _requestedDelays.Add(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }
}
