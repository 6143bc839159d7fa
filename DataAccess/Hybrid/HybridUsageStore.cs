using DataAccess.Postgres.Transactions;
using DataAccess.Postgres.Usage;
using DataAccess.Redis;
using DataAccess.Storage;
using DataAccess.Usage;

namespace DataAccess.Hybrid;

// Usage written straight to PostgreSQL or, under write_behind, appended to the Redis usage
// stream and written in batches by UsageStreamConsumer. Reads always go to PostgreSQL. A
// record's event id is fixed before it is buffered, so switching strategies while records
// are in flight never counts one twice. Inside a joined transaction records go straight to
// PostgreSQL whatever the strategy: the stream could not take them back on a rollback.
internal sealed class HybridUsageStore(
    PostgresUsageStore database,
    UsageStream stream,
    StorageStrategyRegistry strategies,
    TimeProvider time) : IUsageStore
{
    public Task<DataResult> RecordUsageAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        RecordUsageBatchAsync([record], cancellationToken);

    public async Task<DataResult> RecordUsageBatchAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        if (strategies.Current(DataType.Usage).WriteStrategy != WriteStrategy.WriteBehind || JoinedTransaction.Current is not null)
        {
            return await database.RecordUsageBatchAsync(records, cancellationToken);
        }

        IReadOnlyList<UsageRecord> normalized;
        try
        {
            UsageRules.Validate(records);
            normalized = UsageRules.Normalize(records, time.GetUtcNow());
        }
        catch (DatabaseError error)
        {
            return DataResult.Fail(error);
        }

        try
        {
            await stream.AppendAsync(normalized, cancellationToken);
            return DataResult.Ok();
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            // Redis cannot take the records; PostgreSQL can, which beats losing them. The
            // records as normalized, with the event ids they carry in the stream: after a
            // timeout the append may still have happened, and the consumer's copy and this
            // one must count once.
            return await database.RecordUsageBatchAsync(normalized, cancellationToken);
        }
    }

    public Task<DataResult<UsageStats>> GetUsageStatsAsync(UsageStatsQuery query, CancellationToken cancellationToken = default) =>
        database.GetUsageStatsAsync(query, cancellationToken);

    public Task<DataResult<CostAnalysis>> GetCostAnalysisAsync(CostAnalysisQuery query, CancellationToken cancellationToken = default) =>
        database.GetCostAnalysisAsync(query, cancellationToken);

    public Task<DataResult<CleanupResult>> CleanupOldStatsAsync(int retentionDays = 90, CancellationToken cancellationToken = default) =>
        database.CleanupOldStatsAsync(retentionDays, cancellationToken);

    public Task<DataResult<KeyUsageSummary>> GetKeyUsageSummaryAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        database.GetKeyUsageSummaryAsync(apiKeyId, cancellationToken);

    public Task<DataResult<decimal>> GetDailyCostAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        database.GetDailyCostAsync(apiKeyId, cancellationToken);

    public Task<DataResult<CostStats>> GetCostStatsAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        database.GetCostStatsAsync(apiKeyId, cancellationToken);
}
