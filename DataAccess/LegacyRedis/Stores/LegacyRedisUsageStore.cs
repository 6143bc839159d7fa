using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Stores.Usage;
using DataAccess.Time;
using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Stores;

// Usage in the legacy counters (layout §5.2-5.4), written as the relay writes them and read
// with its rules (§9), so the relay's dashboards and ours show the same numbers.
//
// What the layout cannot hold, and what we do about it:
// - History lives only as long as its buckets: hourly 7 days, daily 32, monthly 365 (cost:
//   7, 30 and 90 days) counted from their last write. Queries return what the buckets
//   hold; older periods read as empty. Lifetime totals (usage:{keyId},
//   usage:cost:total:{keyId}, account_usage:{id}) never expire.
// - A query range is widened to whole buckets of its granularity.
// - Cost per model and per account is not in the layout; this service keeps it beside the
//   layout (Crs2Keys cost ledger) for the usage it records. Usage the relay records counts
//   in each key's cost but not in model or account cost: grouped by model, that cost is the
//   group of the empty model (UnattributedUsage), which top models leave out.
// - Key and account usage are kept apart: a query combining a key with an account is refused.
// - There are no events to delete by retention: cleanup is refused.
internal sealed class LegacyRedisUsageStore(
    LegacyRedisAdapter adapter,
    UsageCellFinder finder,
    UsageCellReader reader,
    OperationRunner runner,
    TimeBuckets buckets,
    TimeProvider time) : IUsageStore
{
    private const int TopModelCount = 10;

    public Task<DataResult> RecordUsageAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        RecordUsageBatchAsync([record], cancellationToken);

    public async Task<DataResult> RecordUsageBatchAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        UsageRecord[] normalized;
        try
        {
            UsageRules.Validate(records);
            normalized = UsageRules.Normalize(records, time.GetUtcNow());
        }
        catch (DatabaseError error)
        {
            return DataResult.Fail(error);
        }

        return await runner.RunAsync(async token => { await adapter.RecordUsageAsync(normalized, token); }, cancellationToken);
    }

    public Task<DataResult<UsageStats>> GetUsageStatsAsync(UsageStatsQuery query, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            UsageRules.Validate(query);
            var rows = await ReadRowsAsync(UsageScope.Of(query), Kind(query.Granularity), query.StartDate, query.EndDate, token);
            return new UsageStats(rows, Summarize(rows));
        }, cancellationToken);

    public Task<DataResult<CostAnalysis>> GetCostAnalysisAsync(CostAnalysisQuery query, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            UsageRules.Validate(query);
            var key = query.ApiKeyId?.ToString();
            var breakdownGroup = query.GroupBy switch
            {
                CostGroupBy.Model => UsageGroupBy.Model,
                CostGroupBy.Account => UsageGroupBy.Account,
                _ => (UsageGroupBy?)null,
            };
            new UsageScope(key, null, null, breakdownGroup).EnsureExpressible();

            var days = await ReadRowsAsync(new UsageScope(key, null, null, null), BucketKind.Daily, query.StartDate, query.EndDate, token);
            var models = Totals(await ReadRowsAsync(new UsageScope(key, null, null, UsageGroupBy.Model), BucketKind.Daily, query.StartDate, query.EndDate, token));
            var categories = breakdownGroup switch
            {
                UsageGroupBy.Model => models,
                UsageGroupBy.Account => Totals(await ReadRowsAsync(new UsageScope(null, null, null, UsageGroupBy.Account), BucketKind.Daily, query.StartDate, query.EndDate, token)),
                _ => days.ToDictionary(row => row.Date, row => (UsageCounts)row, StringComparer.Ordinal),
            };

            var total = categories.Values.Sum(counts => counts.Cost);
            return new CostAnalysis(
                [.. categories
                    .OrderByDescending(category => category.Value.Cost).ThenBy(category => category.Key, StringComparer.Ordinal)
                    .Select(category => new CostBreakdownItem(category.Key, category.Value.Cost, total == 0 ? 0 : Math.Round(category.Value.Cost * 100 / total, 2)))],
                Trend(days.ToDictionary(row => row.Date, row => row.Cost, StringComparer.Ordinal), query.StartDate, query.EndDate),
                [.. models
                    .Where(model => model.Key != UnattributedUsage.CostGroup)
                    .OrderByDescending(model => model.Value.Cost).ThenBy(model => model.Key, StringComparer.Ordinal)
                    .Take(TopModelCount)
                    .Select(model => new TopModel(model.Key, model.Value.Cost, model.Value.Requests))]);
        }, cancellationToken);

    public Task<DataResult<CleanupResult>> CleanupOldStatsAsync(int retentionDays = 90, CancellationToken cancellationToken = default) =>
        runner.RunAsync<CleanupResult>(_ =>
        {
            UsageRules.ValidateRetention(retentionDays);
            throw LegacyLimits.Unsupported(
                "the redis backend keeps no usage events to delete: its buckets expire by themselves (hourly after 7 days, daily after 32, "
                + "monthly after 365; cost after 7, 30 and 90 days) and lifetime totals are kept.");
        }, cancellationToken);

    public Task<DataResult<KeyUsageSummary>> GetKeyUsageSummaryAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            var keyId = apiKeyId.ToString();
            var key = await adapter.GetApiKeyAsync(keyId, token);
            if (key.Count == 0)
            {
                throw DatabaseError.NotFound("API key", apiKeyId);
            }

            var usage = await adapter.GetUsageStatsAsync(keyId, token);
            var costs = await adapter.GetCostStatsAsync(keyId, token);
            var total = UsageCountsMath.From(usage.Total, costs.Total);
            var createdAt = JsValues.ParseIso(key.GetValueOrDefault("createdAt")) ?? now;
            return new KeyUsageSummary(
                total,
                UsageCountsMath.From(usage.Daily, costs.Daily),
                UsageCountsMath.From(usage.Monthly, costs.Monthly),
                UsageAveragesCalculator.Since(createdAt, now, total));
        }, cancellationToken);

    public Task<DataResult<decimal>> GetDailyCostAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(token => adapter.GetDailyCostAsync(apiKeyId.ToString(), token), cancellationToken);

    public Task<DataResult<CostStats>> GetCostStatsAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var costs = await adapter.GetCostStatsAsync(apiKeyId.ToString(), token);
            return new CostStats(costs.Hourly, costs.Daily, costs.Monthly, costs.Total);
        }, cancellationToken);

    private async Task<IReadOnlyList<UsageStatsRow>> ReadRowsAsync(UsageScope scope, BucketKind kind, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var labels = buckets.Overlapping(kind, start, end);
        var cells = await finder.FindAsync(scope, kind, labels, cancellationToken);
        var rows = await reader.ReadRowsAsync(cells, scope.GroupBy is not null, cancellationToken);
        if (!scope.SplitsKeyCostByModel)
        {
            return rows;
        }

        var keyBuckets = await reader.ReadRowsAsync(await finder.FindAsync(scope with { GroupBy = null }, kind, labels, cancellationToken), grouped: false, cancellationToken);
        return UnattributedUsage.AddTo(rows, keyBuckets);
    }

    // Each group's counts over all the rows.
    private static Dictionary<string, UsageCounts> Totals(IReadOnlyList<UsageStatsRow> rows) =>
        rows.SelectMany(row => row.Groups ?? new Dictionary<string, UsageCounts>())
            .GroupBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => UsageCountsMath.Sum(group.Select(entry => entry.Value)), StringComparer.Ordinal);

    private IReadOnlyList<CostTrendPoint> Trend(Dictionary<string, decimal> dailyCosts, DateTimeOffset start, DateTimeOffset end)
    {
        var points = new List<CostTrendPoint>();
        decimal previous = 0;
        foreach (var label in buckets.Overlapping(BucketKind.Daily, start, end))
        {
            var cost = dailyCosts.GetValueOrDefault(label);
            points.Add(new CostTrendPoint(label, cost, points.Count == 0 ? 0 : cost - previous));
            previous = cost;
        }

        return points;
    }

    private static UsageSummary Summarize(IReadOnlyList<UsageStatsRow> rows)
    {
        var requests = rows.Sum(row => row.Requests);
        var tokens = rows.Sum(row => row.TotalTokens);
        var cost = rows.Sum(row => row.Cost);
        return new UsageSummary(requests, tokens, cost, tokens == 0 ? 0 : Math.Round(cost / tokens, 12));
    }

    private static BucketKind Kind(Granularity granularity) => granularity switch
    {
        Granularity.Hour => BucketKind.Hourly,
        Granularity.Day => BucketKind.Daily,
        _ => BucketKind.Monthly,
    };
}
