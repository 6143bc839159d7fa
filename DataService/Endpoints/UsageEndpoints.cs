using DataAccess.Usage;
using DataService.Authentication;
using DataService.Http;

namespace DataService.Endpoints;

public static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        var usage = routes.MapGroup("/api/v1/usage").WithTags("Usage");

        usage.MapPost("/", async (UsageRecord record, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.RecordUsageAsync(record, cancellationToken)))
            .RequireAuthorization(DataServicePolicies.Gateway);

        usage.MapPost("/batch", async (UsageBatchRequest request, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.RecordUsageBatchAsync(request.Records, cancellationToken)))
            .RequireAuthorization(DataServicePolicies.Gateway)
            .WithSummary("Record many records at once; all of them or none.");

        usage.MapGet("/stats", async ([AsParameters] UsageStatsParameters parameters, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetUsageStatsAsync(parameters.ToQuery(), cancellationToken)))
            .RequireAuthorization(DataServicePolicies.Admin);

        usage.MapGet("/cost-analysis", async ([AsParameters] CostAnalysisParameters parameters, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetCostAnalysisAsync(parameters.ToQuery(), cancellationToken)))
            .RequireAuthorization(DataServicePolicies.Admin);

        usage.MapPost("/cleanup", async (CleanupRequest request, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.CleanupOldStatsAsync(request.RetentionDays ?? 90, cancellationToken)))
            .RequireAuthorization(DataServicePolicies.Admin);

        return routes;
    }
}

public sealed record UsageBatchRequest(IReadOnlyList<UsageRecord> Records);

public sealed record CleanupRequest(int? RetentionDays);

public sealed record UsageStatsParameters(
    Guid? ApiKeyId, Guid? AccountId, string? Model, DateTimeOffset StartDate, DateTimeOffset EndDate, WireEnum<Granularity>? Granularity, WireEnum<UsageGroupBy>? GroupBy)
{
    public UsageStatsQuery ToQuery() => new()
    {
        ApiKeyId = ApiKeyId,
        AccountId = AccountId,
        Model = Model,
        StartDate = StartDate,
        EndDate = EndDate,
        Granularity = Granularity?.Value ?? DataAccess.Usage.Granularity.Day,
        GroupBy = GroupBy?.Value,
    };
}

public sealed record CostAnalysisParameters(Guid? ApiKeyId, DateTimeOffset StartDate, DateTimeOffset EndDate, WireEnum<CostGroupBy>? GroupBy)
{
    public CostAnalysisQuery ToQuery() => new() { ApiKeyId = ApiKeyId, StartDate = StartDate, EndDate = EndDate, GroupBy = GroupBy?.Value ?? CostGroupBy.Day };
}
