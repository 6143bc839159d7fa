using MigrationService.Backfill.Keys;

namespace MigrationService.Backfill.Rows;

// A row of legacy_usage_buckets: one legacy bucket key as read. Raw is the stored value as
// JSON when the columns do not reproduce it exactly.
internal readonly record struct UsageBucketRow(
    Guid OwnerId,
    UsageKind Kind,
    LegacyBucket Bucket,
    string Model,
    int OffsetHours,
    UsageMeasures Measures,
    decimal Cost,
    string? Raw,
    string Source);
