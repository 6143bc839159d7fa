using Microsoft.Extensions.Options;

namespace DataService.Monitoring;

// The service's figures in fixed time buckets held in a ring for the retention period.
// Recording touches the current bucket only; a range query sums the buckets that overlap it,
// at most Retention / BucketWidth of them. A slot is reused when its bucket has expired.
internal sealed class MetricTimeline
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _widthTicks;
    private readonly Slot?[] _ring;

    public MetricTimeline(IOptions<MonitoringOptions> options, TimeProvider time)
    {
        _time = time;
        _widthTicks = options.Value.BucketWidth.Ticks;
        _ring = new Slot?[options.Value.BucketCount];
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    // Applies a change to the current bucket. The state argument lets callers pass values
    // without allocating a closure on every statement.
    public void Record<TState>(TState state, Action<MetricCounts, TState> change)
    {
        var bucket = BucketOf(_time.GetUtcNow());
        lock (_lock)
        {
            change(SlotFor(bucket).Counts, state);
        }
    }

    // The buckets overlapping the last `window`, up to and including the current one.
    public MetricSpan Sum(TimeSpan window)
    {
        var now = _time.GetUtcNow();
        var last = BucketOf(now);
        var first = Math.Max(BucketOf(now - window), last - _ring.Length + 1);
        var totals = new MetricCounts();
        lock (_lock)
        {
            for (var bucket = first; bucket <= last; bucket++)
            {
                if (_ring[Position(bucket)] is { } slot && slot.Bucket == bucket)
                {
                    totals.Add(slot.Counts);
                }
            }
        }

        var from = new DateTimeOffset(first * _widthTicks, TimeSpan.Zero);
        return new MetricSpan(totals, now - (from > StartedAt ? from : StartedAt));
    }

    private long BucketOf(DateTimeOffset time) => time.UtcTicks / _widthTicks;

    private int Position(long bucket) => (int)(bucket % _ring.Length);

    private Slot SlotFor(long bucket)
    {
        var position = Position(bucket);
        var slot = _ring[position];
        if (slot is null || slot.Bucket != bucket)
        {
            slot = new Slot(bucket);
            _ring[position] = slot;
        }

        return slot;
    }

    private sealed class Slot(long bucket)
    {
        public long Bucket { get; } = bucket;

        public MetricCounts Counts { get; } = new();
    }
}
