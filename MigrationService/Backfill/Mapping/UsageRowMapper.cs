using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// Usage and cost keys (layout §5.2-§5.4) into legacy_usage_buckets and legacy_usage_lifetime
// rows, with absolute values: reading a key again gives the same row.
internal sealed class UsageRowMapper(int offsetHours)
{
    // Costs are money: anything this large is junk, and would not fit the residual sums.
    private const decimal MaxCost = 10_000_000_000m;

    public void Map(LegacyValue value, PageRows rows)
    {
        var key = value.Key;
        switch (key.Family)
        {
            case LegacyFamily.KeyUsageBucket:
                AddBucket(rows, value, UsageKind.Key, "", BucketShape(key), UsageReadRule.Key);
                break;
            case LegacyFamily.KeyModelUsageBucket:
                AddBucket(rows, value, UsageKind.KeyModel, ModelOf(key), BucketShape(key), UsageReadRule.Account);
                break;
            case LegacyFamily.AccountUsageBucket:
                AddBucket(rows, value, UsageKind.Account, "", UsageHashShape.Hourly, UsageReadRule.Account);
                break;
            case LegacyFamily.AccountModelUsageBucket:
                AddBucket(rows, value, UsageKind.AccountModel, ModelOf(key), UsageHashShape.Hourly, UsageReadRule.Account);
                break;
            case LegacyFamily.KeyCostBucket or LegacyFamily.AccountCostBucket:
                var (cost, raw) = Cost(key.Name, value.Text!, rows.Tally);
                rows.UsageBuckets.Add(new UsageBucketRow(key.OwnerId, CostKindOf(key.Family), key.Bucket!.Value, "", offsetHours, default, cost, raw, key.Name));
                break;
            case LegacyFamily.KeyModelCostBucket or LegacyFamily.AccountModelCostBucket:
                var (modelCost, modelRaw) = Cost(key.Name, value.Text!, rows.Tally);
                var modelKind = key.Family == LegacyFamily.KeyModelCostBucket ? UsageKind.KeyModelCost : UsageKind.AccountModelCost;
                rows.UsageBuckets.Add(new UsageBucketRow(key.OwnerId, modelKind, key.Bucket!.Value, ModelOf(key), offsetHours, default, modelCost, modelRaw, key.Name));
                break;
            case LegacyFamily.KeyUsageTotals:
                AddLifetime(rows, value, UsageKind.Key, UsageHashShape.KeyLifetime, UsageReadRule.Key);
                break;
            case LegacyFamily.AccountUsageTotals:
                AddLifetime(rows, value, UsageKind.Account, UsageHashShape.AccountLifetime, UsageReadRule.Account);
                break;
            case LegacyFamily.KeyCostTotal or LegacyFamily.AccountCostTotal:
                var (total, totalRaw) = Cost(key.Name, value.Text!, rows.Tally);
                rows.UsageLifetimes.Add(new UsageLifetimeRow(key.OwnerId, CostKindOf(key.Family), default, total, totalRaw, key.Name));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), key.Family, "not a usage family");
        }
    }

    private void AddBucket(PageRows rows, LegacyValue value, UsageKind kind, string model, UsageHashShape shape, UsageReadRule rule)
    {
        var key = value.Key;
        var (measures, raw) = UsageHashReader.Read(key.Name, value.Hash!, shape, rule, rows.Tally);
        rows.UsageBuckets.Add(new UsageBucketRow(key.OwnerId, kind, key.Bucket!.Value, model, offsetHours, measures, 0, raw, key.Name));
    }

    private void AddLifetime(PageRows rows, LegacyValue value, UsageKind kind, UsageHashShape shape, UsageReadRule rule)
    {
        var key = value.Key;
        var (measures, raw) = UsageHashReader.Read(key.Name, value.Hash!, shape, rule, rows.Tally);
        rows.UsageLifetimes.Add(new UsageLifetimeRow(key.OwnerId, kind, measures, 0, raw, key.Name));
    }

    // Hourly key hashes have no ephemeral counters; daily and monthly ones do.
    private static UsageHashShape BucketShape(LegacyKey key) =>
        key.Bucket!.Value.Granularity == BucketGranularity.Hour ? UsageHashShape.Hourly : UsageHashShape.DailyOrMonthly;

    // A model-less request is recorded under "unknown"; an empty name in a key is the same.
    private static string ModelOf(LegacyKey key) => key.Model.Length == 0 ? "unknown" : key.Model;

    private static UsageKind CostKindOf(LegacyFamily family) =>
        family is LegacyFamily.AccountCostBucket or LegacyFamily.AccountCostTotal ? UsageKind.AccountCost : UsageKind.KeyCost;

    // INCRBYFLOAT text, exact as decimal; junk counts as 0 and is kept.
    private static (decimal Cost, string? Raw) Cost(string key, string text, PageTally tally)
    {
        if (JsValues.TryParseNumber(text, out var cost) && cost >= 0 && cost < MaxCost)
        {
            return (cost, null);
        }

        tally.Problem(ProblemKind.NonNumericValue, key, $"cost '{text}'");
        return (0, RawJson.OfString(text));
    }
}
