namespace DataService.Monitoring;

// Bound from "DataService:Monitoring": how the service measures itself.
public sealed class MonitoringOptions
{
    public const string SectionName = "DataService:Monitoring";

    // Figures are kept per bucket, so a time range is only as precise as this. Retention
    // divided by the width is the number of buckets held in memory (at most MaxBuckets).
    public const int MaxBuckets = 100_000;

    // A statement that takes at least this long counts as slow.
    public double SlowQueryThresholdMs { get; set; } = 100;

    public TimeSpan BucketWidth { get; set; } = TimeSpan.FromMinutes(1);

    // The longest time range (7d) needs the default; older buckets are overwritten.
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    // How often the connection pool and Redis are sampled.
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    // Distinct normalized statements kept for the query statistics; when a new one arrives
    // and the table is full, the least used one goes.
    public int MaxTrackedStatements { get; set; } = 1000;

    public int BucketCount => (int)Math.Ceiling(Retention / BucketWidth) + 1;

    public string? Validate() =>
        SlowQueryThresholdMs < 0 ? "SlowQueryThresholdMs must not be negative."
        : BucketWidth <= TimeSpan.Zero ? "BucketWidth must be positive."
        : Retention < BucketWidth ? "Retention must be at least one BucketWidth."
        : Retention / BucketWidth > MaxBuckets ? $"Retention / BucketWidth must not exceed {MaxBuckets} buckets; widen the buckets or shorten the retention."
        : SampleInterval <= TimeSpan.Zero ? "SampleInterval must be positive."
        : MaxTrackedStatements < 1 ? "MaxTrackedStatements must be at least 1."
        : null;
}
