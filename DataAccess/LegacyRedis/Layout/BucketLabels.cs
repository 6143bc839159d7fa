using DataAccess.Time;

namespace DataAccess.LegacyRedis.Layout;

public static class BucketLabels
{
    // The label of the bucket of this size that holds the instant (layout §2).
    public static string Label(this TimeBuckets buckets, BucketKind kind, DateTimeOffset instant) => kind switch
    {
        BucketKind.Hourly => buckets.Hour(instant),
        BucketKind.Daily => buckets.Date(instant),
        _ => buckets.Month(instant),
    };

    // The minute bucket of system metrics is not shifted by the offset.
    public static long EpochMinute(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 60_000;

    // The labels of every bucket of this size that overlaps [start, end), oldest first.
    public static IReadOnlyList<string> Overlapping(this TimeBuckets buckets, BucketKind kind, DateTimeOffset start, DateTimeOffset end)
    {
        var labels = new List<string>();
        var first = kind switch
        {
            BucketKind.Hourly => buckets.StartOfHour(start),
            BucketKind.Daily => buckets.StartOfDay(start),
            _ => buckets.StartOfMonth(start),
        };
        for (var bucket = first; bucket < end; bucket = Next(buckets, kind, bucket))
        {
            labels.Add(buckets.Label(kind, bucket));
        }

        return labels;
    }

    private static DateTimeOffset Next(TimeBuckets buckets, BucketKind kind, DateTimeOffset bucket) => kind switch
    {
        BucketKind.Hourly => bucket.AddHours(1),
        BucketKind.Daily => bucket.AddDays(1),
        _ => buckets.FromLocal(buckets.Local(bucket).AddMonths(1)),
    };
}
