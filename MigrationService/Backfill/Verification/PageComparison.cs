using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Verification;

// A page compared: the rows PostgreSQL does not hold as read (to be written again when
// migrating), a description per differing Redis key, and the family sums.
internal sealed class PageComparison
{
    public PageRows Stale { get; } = new();

    public List<string> Differences { get; } = [];

    public List<string> DifferingKeys { get; } = [];

    public void Differ(string key, string description)
    {
        DifferingKeys.Add(key);
        Differences.Add($"{key}: {description}");
    }
}
