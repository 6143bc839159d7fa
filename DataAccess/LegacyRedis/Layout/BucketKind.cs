namespace DataAccess.LegacyRedis.Layout;

// The three bucket sizes of the legacy usage keys: the word in the key name, the shape of
// the bucket's label, and how long cost buckets of that size live.
public enum BucketKind
{
    Hourly,
    Daily,
    Monthly,
}

public static class BucketKinds
{
    public static readonly IReadOnlyList<BucketKind> All = [BucketKind.Daily, BucketKind.Monthly, BucketKind.Hourly];

    public static string Name(this BucketKind kind) => kind switch
    {
        BucketKind.Hourly => "hourly",
        BucketKind.Daily => "daily",
        _ => "monthly",
    };

    public static TimeSpan CostTtl(this BucketKind kind) => kind switch
    {
        BucketKind.Hourly => LegacyTtls.HourlyCost,
        BucketKind.Daily => LegacyTtls.DailyCost,
        _ => LegacyTtls.MonthlyCost,
    };

    // The label at the end of a key name, anchored there because model names may hold colons.
    public static string LabelPattern(this BucketKind kind) => kind switch
    {
        BucketKind.Hourly => @"\d{4}-\d{2}-\d{2}:\d{2}",
        BucketKind.Daily => @"\d{4}-\d{2}-\d{2}",
        _ => @"\d{4}-\d{2}",
    };
}
