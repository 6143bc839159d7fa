namespace DataAccess.Usage;

// Usage and cost (seed 003 UsageStatsInterface), plus the per-key views the gateway and the
// admin pages read (totals, today, this month, costs).
public interface IUsageStore
{
    Task<DataResult> RecordUsageAsync(UsageRecord record, CancellationToken cancellationToken = default);

    // All or nothing: either every record is recorded or none is.
    Task<DataResult> RecordUsageBatchAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default);

    Task<DataResult<UsageStats>> GetUsageStatsAsync(UsageStatsQuery query, CancellationToken cancellationToken = default);

    Task<DataResult<CostAnalysis>> GetCostAnalysisAsync(CostAnalysisQuery query, CancellationToken cancellationToken = default);

    // Deletes events, hourly rollups and migrated legacy usage rows older than the retention;
    // lifetime totals stay.
    Task<DataResult<CleanupResult>> CleanupOldStatsAsync(int retentionDays = 90, CancellationToken cancellationToken = default);

    Task<DataResult<KeyUsageSummary>> GetKeyUsageSummaryAsync(Guid apiKeyId, CancellationToken cancellationToken = default);

    // Today's cost of a key (today in the configured time zone offset).
    Task<DataResult<decimal>> GetDailyCostAsync(Guid apiKeyId, CancellationToken cancellationToken = default);

    Task<DataResult<CostStats>> GetCostStatsAsync(Guid apiKeyId, CancellationToken cancellationToken = default);
}
