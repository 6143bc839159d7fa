using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Verification;

// A page compared: the rows PostgreSQL does not hold as read (to be written again when
// migrating), a description per differing Redis key, and the family sums.
internal sealed class PageComparison
{
    public PageRows Stale { get; } = new();

    public List<string> Differences { get; } = [];

    public List<string> DifferingKeys { get; } = [];

    // Per-model day and month keys whose split PostgreSQL can only approximate (the bucket holds
    // usage of unknown model); their totals are checked through the per-key buckets.
    public long ApproximateBreakdowns { get; set; }

    public void Differ(string key, string description)
    {
        DifferingKeys.Add(key);
        Differences.Add($"{key}: {description}");
    }
}
