using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Stores.Usage;

// The layout keeps cost per key, not per model: the relay's usage counts in a key's cost
// counter but in no model's. Grouped by model, a bucket's cost is its key cost counters, and
// what they hold beyond the models' own cost (this service's cost ledger) is the group of the
// empty model, the way the PostgreSQL backend files migrated legacy cost.
internal static class UnattributedCost
{
    public const string Group = "";

    public static IReadOnlyList<UsageStatsRow> AddTo(IReadOnlyList<UsageStatsRow> rows, IReadOnlyDictionary<string, decimal> bucketCosts)
    {
        var byLabel = rows.ToDictionary(row => row.Date, StringComparer.Ordinal);
        return [.. byLabel.Keys.Union(bucketCosts.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(label => WithBucketCost(
                byLabel.GetValueOrDefault(label) ?? new UsageStatsRow { Date = label, Groups = new Dictionary<string, UsageCounts>() },
                bucketCosts.GetValueOrDefault(label)))];
    }

    private static UsageStatsRow WithBucketCost(UsageStatsRow row, decimal bucketCost)
    {
        var unattributed = bucketCost - row.Cost;
        if (unattributed <= 0)
        {
            return row;
        }

        var groups = new Dictionary<string, UsageCounts>(row.Groups ?? new Dictionary<string, UsageCounts>(), StringComparer.Ordinal)
        {
            [Group] = new UsageCounts { Cost = unattributed },
        };
        return row with { Cost = bucketCost, Groups = groups };
    }
}
