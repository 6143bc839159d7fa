namespace DataAccess.Hybrid;

// Bound from "DataAccess:UsageStream": the Redis stream usage is buffered in under the
// write_behind strategy, and how its consumer drains it into PostgreSQL.
public sealed class UsageStreamOptions
{
    public string StreamKey { get; set; } = "crs2:usage:stream";

    public string DeadLetterKey { get; set; } = "crs2:usage:dead-letter";

    public string ConsumerGroup { get; set; } = "usage-writers";

    // Stable across restarts, so a restarted consumer takes back its own pending entries
    // at once; others' are reclaimed after ReclaimAfter.
    public string ConsumerName { get; set; } = Environment.MachineName;

    public int EntriesPerRead { get; set; } = 200;

    public int MaxRecordsPerWrite { get; set; } = 5000;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    // How long an entry may stay unacknowledged by another consumer before this one takes
    // it over (that consumer is presumed dead).
    public TimeSpan ReclaimAfter { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    // Health turns Degraded when more entries than this wait to be written.
    public long DegradedBacklog { get; set; } = 10_000;
}
