using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Stores.Usage;

// Grouped by model, a bucket is what its key buckets hold, not only what its model buckets
// add up to. The relay adds a request's cost to its key's cost counters only, and old key
// buckets predate per-model keys: what the key buckets hold beyond the models is its own
// group, cost under the empty model and tokens and requests under "unknown", the way the
// migration files the same remainder in PostgreSQL.
internal static class UnattributedUsage
{
    public const string CostGroup = "";
    public const string UsageGroup = "unknown";

    public static IReadOnlyList<UsageStatsRow> AddTo(IReadOnlyList<UsageStatsRow> byModel, IReadOnlyList<UsageStatsRow> keyBuckets)
    {
        var grouped = byModel.ToDictionary(row => row.Date, StringComparer.Ordinal);
        var totals = keyBuckets.ToDictionary(row => row.Date, StringComparer.Ordinal);
        return [.. grouped.Keys.Union(totals.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(label => WithRemainder(
                grouped.GetValueOrDefault(label) ?? new UsageStatsRow { Date = label, Groups = new Dictionary<string, UsageCounts>() },
                totals.GetValueOrDefault(label)))];
    }

    private static UsageStatsRow WithRemainder(UsageStatsRow row, UsageStatsRow? keyBucket)
    {
        if (keyBucket is null)
        {
            return row;
        }

        var usage = new UsageCounts
        {
            Requests = Math.Max(0, keyBucket.Requests - row.Requests),
            InputTokens = Math.Max(0, keyBucket.InputTokens - row.InputTokens),
            OutputTokens = Math.Max(0, keyBucket.OutputTokens - row.OutputTokens),
            CacheCreateTokens = Math.Max(0, keyBucket.CacheCreateTokens - row.CacheCreateTokens),
            CacheReadTokens = Math.Max(0, keyBucket.CacheReadTokens - row.CacheReadTokens),
            TotalTokens = Math.Max(0, keyBucket.TotalTokens - row.TotalTokens),
        };
        var cost = Math.Max(0, keyBucket.Cost - row.Cost);
        var groups = new Dictionary<string, UsageCounts>(row.Groups ?? new Dictionary<string, UsageCounts>(), StringComparer.Ordinal);
        if (usage != new UsageCounts())
        {
            groups[UsageGroup] = UsageCountsMath.Sum([groups.GetValueOrDefault(UsageGroup) ?? new UsageCounts(), usage]);
        }

        if (cost > 0)
        {
            groups[CostGroup] = new UsageCounts { Cost = cost };
        }

        var total = UsageCountsMath.Sum([row, usage, new UsageCounts { Cost = cost }]);
        return row with
        {
            Requests = total.Requests,
            InputTokens = total.InputTokens,
            OutputTokens = total.OutputTokens,
            CacheCreateTokens = total.CacheCreateTokens,
            CacheReadTokens = total.CacheReadTokens,
            TotalTokens = total.TotalTokens,
            Cost = total.Cost,
            Groups = groups,
        };
    }
}
