using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Verification;

// Which measures of a usage key are compared, and how: each key carries only some (hourly
// hashes have no ephemeral counters, cost keys only a cost, account hashes neither), and
// costs are equal within a rounding far below a cent.
internal static class MeasureComparison
{
    public const decimal CostTolerance = 0.00000001m;

    public static IEnumerable<string> Differences(UsageBucketRow row, UsageTotals redis, UsageTotals postgres) =>
        row.Kind.IsCost()
            ? CostDifference(redis, postgres)
            : TokenDifferences(redis.Measures, postgres.Measures, ephemeral: !row.Kind.IsAccount() && row.Bucket.Granularity != BucketGranularity.Hour);

    public static IEnumerable<string> Differences(UsageLifetimeRow row, UsageTotals redis, UsageTotals postgres) =>
        row.Kind.IsCost()
            ? CostDifference(redis, postgres)
            : TokenDifferences(redis.Measures, postgres.Measures, ephemeral: row.Kind == UsageKind.Key);

    private static IEnumerable<string> CostDifference(UsageTotals redis, UsageTotals postgres)
    {
        if (Math.Abs(redis.Cost - postgres.Cost) > CostTolerance)
        {
            yield return $"cost {redis.Cost} in Redis, {postgres.Cost} in PostgreSQL";
        }
    }

    private static IEnumerable<string> TokenDifferences(UsageMeasures redis, UsageMeasures postgres, bool ephemeral)
    {
        var pairs = new List<(string Name, long Redis, long Postgres)>
        {
            ("requests", redis.Requests, postgres.Requests),
            ("inputTokens", redis.InputTokens, postgres.InputTokens),
            ("outputTokens", redis.OutputTokens, postgres.OutputTokens),
            ("cacheCreateTokens", redis.CacheCreateTokens, postgres.CacheCreateTokens),
            ("cacheReadTokens", redis.CacheReadTokens, postgres.CacheReadTokens),
            ("totalTokens", redis.TotalTokens, postgres.TotalTokens),
        };
        if (ephemeral)
        {
            pairs.Add(("ephemeral5mTokens", redis.Ephemeral5mTokens, postgres.Ephemeral5mTokens));
            pairs.Add(("ephemeral1hTokens", redis.Ephemeral1hTokens, postgres.Ephemeral1hTokens));
        }

        return pairs.Where(pair => pair.Redis != pair.Postgres).Select(pair => $"{pair.Name} {pair.Redis} in Redis, {pair.Postgres} in PostgreSQL");
    }
}
