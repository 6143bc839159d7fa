using MigrationService.Backfill.Keys;

namespace MigrationService.Backfill.Verification;

// One family compared: how many records Redis holds and how many PostgreSQL holds equal, and
// for usage families the sums of requests, tokens and cost on each side.
public sealed record FamilyComparison(
    LegacyFamily Family,
    long RedisCount,
    long PostgresCount,
    long RedisRequests,
    long PostgresRequests,
    long RedisTokens,
    long PostgresTokens,
    decimal RedisCost,
    decimal PostgresCost)
{
    public bool Matches => RedisCount == PostgresCount && RedisRequests == PostgresRequests && RedisTokens == PostgresTokens
        && Math.Abs(RedisCost - PostgresCost) <= MeasureComparison.CostTolerance * Math.Max(1, RedisCount);
}
