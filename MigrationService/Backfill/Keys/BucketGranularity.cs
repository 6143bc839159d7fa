namespace MigrationService.Backfill.Keys;

// The three bucket sizes of legacy usage keys (layout §2), finest first: a bucket's rank says
// which finer buckets lie inside it.
internal enum BucketGranularity
{
    Hour,
    Day,
    Month,
}

internal static class BucketGranularities
{
    public static readonly BucketGranularity[] All = [BucketGranularity.Hour, BucketGranularity.Day, BucketGranularity.Month];

    // The word in legacy key names: usage:hourly:…, usage:daily:…, usage:monthly:….
    public static string KeySegment(this BucketGranularity granularity) => granularity switch
    {
        BucketGranularity.Hour => "hourly",
        BucketGranularity.Day => "daily",
        _ => "monthly",
    };

    // The value of the granularity columns of schema 0002.
    public static string SqlName(this BucketGranularity granularity) => granularity switch
    {
        BucketGranularity.Hour => "hour",
        BucketGranularity.Day => "day",
        _ => "month",
    };

    // Length of the bucket text at the end of a key name: 2025-08-19:03, 2025-08-19, 2025-08.
    public static int BucketLength(this BucketGranularity granularity) => granularity switch
    {
        BucketGranularity.Hour => 13,
        BucketGranularity.Day => 10,
        _ => 7,
    };
}
