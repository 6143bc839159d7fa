using DataAccess.Usage;

namespace DataAccess.Remote;

internal sealed class RemoteUsageStore(DataServiceClient client, TimeProvider time) : IUsageStore
{
    private const string Usage = "api/v1/usage";
    private const string Keys = "api/v1/apikeys";

    public Task<DataResult> RecordUsageAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        client.SendAsync(DataServiceRequest.Post(Usage, UsageIdentity.Fix(record, time.GetUtcNow())), cancellationToken);

    public Task<DataResult> RecordUsageBatchAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var fixedRecords = records.Select(record => UsageIdentity.Fix(record, now)).ToList();
        return client.SendAsync(DataServiceRequest.Post($"{Usage}/batch", new { records = fixedRecords }), cancellationToken);
    }

    public Task<DataResult<UsageStats>> GetUsageStatsAsync(UsageStatsQuery query, CancellationToken cancellationToken = default)
    {
        var path = new QueryParameters()
            .Add("apiKeyId", query.ApiKeyId)
            .Add("accountId", query.AccountId)
            .Add("model", query.Model)
            .Add("startDate", query.StartDate)
            .Add("endDate", query.EndDate)
            .AddEnum("granularity", query.Granularity)
            .AddEnum("groupBy", query.GroupBy)
            .AppendTo($"{Usage}/stats");
        return client.SendAsync<UsageStats>(DataServiceRequest.Get(path), cancellationToken);
    }

    public Task<DataResult<CostAnalysis>> GetCostAnalysisAsync(CostAnalysisQuery query, CancellationToken cancellationToken = default)
    {
        var path = new QueryParameters()
            .Add("apiKeyId", query.ApiKeyId)
            .Add("startDate", query.StartDate)
            .Add("endDate", query.EndDate)
            .AddEnum("groupBy", query.GroupBy)
            .AppendTo($"{Usage}/cost-analysis");
        return client.SendAsync<CostAnalysis>(DataServiceRequest.Get(path), cancellationToken);
    }

    public Task<DataResult<CleanupResult>> CleanupOldStatsAsync(int retentionDays = 90, CancellationToken cancellationToken = default) =>
        client.SendAsync<CleanupResult>(DataServiceRequest.Post($"{Usage}/cleanup", new { retentionDays }), cancellationToken);

    public Task<DataResult<KeyUsageSummary>> GetKeyUsageSummaryAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        client.SendAsync<KeyUsageSummary>(DataServiceRequest.Get($"{Keys}/{apiKeyId}/usage/summary"), cancellationToken);

    public Task<DataResult<decimal>> GetDailyCostAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        client.SendAsync<decimal>(DataServiceRequest.Get($"{Keys}/{apiKeyId}/usage/daily-cost"), cancellationToken);

    public Task<DataResult<CostStats>> GetCostStatsAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        client.SendAsync<CostStats>(DataServiceRequest.Get($"{Keys}/{apiKeyId}/usage/costs"), cancellationToken);
}
