using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Verification;

// Adds up the family comparisons of a pass, record by record.
internal sealed class ComparisonTally
{
    private readonly Dictionary<LegacyFamily, FamilyComparison> _families = [];

    public void Record(LegacyFamily family, bool equal, UsageTotals redis = default, UsageTotals postgres = default)
    {
        var total = _families.GetValueOrDefault(family) ?? new FamilyComparison(family, 0, 0, 0, 0, 0, 0, 0, 0);
        _families[family] = total with
        {
            RedisCount = total.RedisCount + 1,
            PostgresCount = total.PostgresCount + (equal ? 1 : 0),
            RedisRequests = total.RedisRequests + redis.Measures.Requests,
            PostgresRequests = total.PostgresRequests + postgres.Measures.Requests,
            RedisTokens = total.RedisTokens + redis.Measures.TotalTokens,
            PostgresTokens = total.PostgresTokens + postgres.Measures.TotalTokens,
            RedisCost = total.RedisCost + redis.Cost,
            PostgresCost = total.PostgresCost + postgres.Cost,
        };
    }

    public IReadOnlyList<FamilyComparison> Families() => [.. _families.Values.OrderBy(family => family.Family)];

    public static LegacyFamily FamilyOf(UsageBucketRow row) => row.Kind switch
    {
        UsageKind.Key => LegacyFamily.KeyUsageBucket,
        UsageKind.KeyModel => LegacyFamily.KeyModelUsageBucket,
        UsageKind.KeyCost => LegacyFamily.KeyCostBucket,
        UsageKind.Account => LegacyFamily.AccountUsageBucket,
        UsageKind.AccountCost => LegacyFamily.AccountCostBucket,
        UsageKind.KeyModelCost => LegacyFamily.KeyModelCostBucket,
        UsageKind.AccountModelCost => LegacyFamily.AccountModelCostBucket,
        _ => LegacyFamily.AccountModelUsageBucket,
    };

    public static LegacyFamily FamilyOf(UsageLifetimeRow row) => row.Kind switch
    {
        UsageKind.Key => LegacyFamily.KeyUsageTotals,
        UsageKind.KeyCost => LegacyFamily.KeyCostTotal,
        UsageKind.AccountCost => LegacyFamily.AccountCostTotal,
        _ => LegacyFamily.AccountUsageTotals,
    };
}
