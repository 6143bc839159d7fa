using DataAccess.Time;

namespace TestSupport.LegacyDataset;

// The generator's "now" and the legacy TTL rule: a bucketed key expires its TTL after its last
// write, so a bucket last written longer ago than that is gone from Redis.
public sealed class BucketClock(DateTimeOffset now, int offsetHours)
{
    public static readonly TimeSpan HourlyTtl = TimeSpan.FromDays(7);
    public static readonly TimeSpan DailyTtl = TimeSpan.FromDays(32);
    public static readonly TimeSpan MonthlyTtl = TimeSpan.FromDays(365);
    public static readonly TimeSpan DailyCostTtl = TimeSpan.FromDays(30);
    public static readonly TimeSpan MonthlyCostTtl = TimeSpan.FromDays(90);

    public DateTimeOffset Now { get; } = now;

    public TimeBuckets Buckets { get; } = new(offsetHours);

    // The TTL left for a key last written at lastWrite, or null when it has expired. A key with
    // less than an hour left counts as expired already: it would vanish while the tests that
    // read the dataset run, and they compare runs made minutes apart.
    public TimeSpan? Remaining(DateTimeOffset lastWrite, TimeSpan ttl) => ttl - (Now - lastWrite) is { TotalHours: > 1 } left ? left : null;
}
