using DataAccess.LegacyRedis.Stores;
using DataAccess.Postgres.Usage;
using DataAccess.Usage;

namespace DataAccess.Dual;

// Usage recorded on both sides, with the same event ids, so a retry counts once on each.
// PostgreSQL records it natively; the migration later subtracts what it recorded per
// bucket when it imports the legacy counters. Cleanup is PostgreSQL's: the legacy buckets
// expire by themselves.
internal sealed class DualUsageStore(
    LegacyRedisUsageStore legacy,
    PostgresUsageStore postgres,
    DualWrites writes,
    DualReadSide readSide,
    TimeProvider time) : IUsageStore
{
    private IUsageStore Reader => readSide == DualReadSide.Redis ? legacy : postgres;

    public Task<DataResult> RecordUsageAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        RecordUsageBatchAsync([record], cancellationToken);

    public Task<DataResult> RecordUsageBatchAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        UsageRecord[] normalized;
        try
        {
            UsageRules.Validate(records);
            normalized = UsageRules.Normalize(records, time.GetUtcNow());
        }
        catch (DatabaseError error)
        {
            return Task.FromResult(DataResult.Fail(error));
        }

        return writes.UpdateAsync(
            "usage.record",
            () => legacy.RecordUsageBatchAsync(normalized, cancellationToken),
            () => postgres.RecordUsageBatchAsync(normalized, cancellationToken));
    }

    public Task<DataResult<UsageStats>> GetUsageStatsAsync(UsageStatsQuery query, CancellationToken cancellationToken = default) =>
        Reader.GetUsageStatsAsync(query, cancellationToken);

    public Task<DataResult<CostAnalysis>> GetCostAnalysisAsync(CostAnalysisQuery query, CancellationToken cancellationToken = default) =>
        Reader.GetCostAnalysisAsync(query, cancellationToken);

    public Task<DataResult<CleanupResult>> CleanupOldStatsAsync(int retentionDays = 90, CancellationToken cancellationToken = default) =>
        postgres.CleanupOldStatsAsync(retentionDays, cancellationToken);

    public Task<DataResult<KeyUsageSummary>> GetKeyUsageSummaryAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        Reader.GetKeyUsageSummaryAsync(apiKeyId, cancellationToken);

    public Task<DataResult<decimal>> GetDailyCostAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        Reader.GetDailyCostAsync(apiKeyId, cancellationToken);

    public Task<DataResult<CostStats>> GetCostStatsAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        Reader.GetCostStatsAsync(apiKeyId, cancellationToken);
}
