using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Stores.Usage;

internal static class UsageCountsMath
{
    // TotalTokens is every token, as the unified contract counts it.
    public static UsageCounts From(LegacyUsageCounts legacy, decimal cost) => new()
    {
        Requests = legacy.Requests,
        InputTokens = legacy.InputTokens,
        OutputTokens = legacy.OutputTokens,
        CacheCreateTokens = legacy.CacheCreateTokens,
        CacheReadTokens = legacy.CacheReadTokens,
        TotalTokens = legacy.AllTokens,
        Cost = cost,
    };

    public static UsageCounts Sum(IEnumerable<UsageCounts> counts) => counts.Aggregate(new UsageCounts(), (sum, next) => new UsageCounts
    {
        Requests = sum.Requests + next.Requests,
        InputTokens = sum.InputTokens + next.InputTokens,
        OutputTokens = sum.OutputTokens + next.OutputTokens,
        CacheCreateTokens = sum.CacheCreateTokens + next.CacheCreateTokens,
        CacheReadTokens = sum.CacheReadTokens + next.CacheReadTokens,
        TotalTokens = sum.TotalTokens + next.TotalTokens,
        Cost = sum.Cost + next.Cost,
    });
}
