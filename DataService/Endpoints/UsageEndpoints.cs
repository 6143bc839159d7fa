using System.ComponentModel.DataAnnotations;
using DataAccess;
using DataAccess.Usage;
using DataService.Authentication;
using DataService.Http;
using DataType = DataAccess.Storage.DataType;

namespace DataService.Endpoints;

public static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        var usage = routes.MapGroup("/api/v1/usage").WithTags("Usage");

        usage.MapPost("/", async (UsageRecord record, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.RecordUsageAsync(record, cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.Usage)
            .RequireAuthorization(DataServicePolicies.Gateway);

        usage.MapPost("/batch", async (UsageBatchRequest request, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.RecordUsageBatchAsync(request.Records, cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.Usage)
            .RequireAuthorization(DataServicePolicies.Gateway)
            .WithSummary("Record many records at once; all of them or none.");

        usage.MapGet("/stats", async ([AsParameters] UsageStatsParameters parameters, IUsageStore store, CancellationToken cancellationToken) =>
            {
                var query = parameters.ToQuery();
                var stats = await store.GetUsageStatsAsync(query, cancellationToken);
                return ApiResults.From(stats.Success ? DataResult<UsageStats>.Ok(stats.Data!.WithSeedNames(query.GroupBy)) : stats);
            })
            .Answers<UsageStats>()
            .RequireAuthorization(DataServicePolicies.Admin);

        usage.MapGet("/cost-analysis", async ([AsParameters] CostAnalysisParameters parameters, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetCostAnalysisAsync(parameters.ToQuery(), cancellationToken)))
            .Answers<CostAnalysis>()
            .RequireAuthorization(DataServicePolicies.Admin);

        usage.MapPost("/cleanup", async (CleanupRequest request, IUsageStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.CleanupOldStatsAsync(request.RetentionDays ?? 90, cancellationToken)))
            .Answers<CleanupResult>()
            .RequireAuthorization(DataServicePolicies.Admin);

        return routes;
    }
}

public sealed record UsageBatchRequest([property: MaxLength(UsageRules.MaxBatchSize)] IReadOnlyList<UsageRecord> Records);

public sealed record CleanupRequest(int? RetentionDays);

public sealed record UsageStatsParameters(
    Guid? ApiKeyId, Guid? AccountId, string? Model, DateTimeOffset StartDate, DateTimeOffset EndDate, string? Granularity, string? GroupBy)
{
    public UsageStatsQuery ToQuery() => new()
    {
        ApiKeyId = ApiKeyId,
        AccountId = AccountId,
        Model = Model,
        StartDate = StartDate,
        EndDate = EndDate,
        Granularity = QueryValue.Enum<Granularity>(Granularity, "granularity") ?? DataAccess.Usage.Granularity.Day,
        GroupBy = QueryValue.Enum<UsageGroupBy>(GroupBy, "groupBy"),
    };
}

public sealed record CostAnalysisParameters(Guid? ApiKeyId, DateTimeOffset StartDate, DateTimeOffset EndDate, string? GroupBy)
{
    public CostAnalysisQuery ToQuery() =>
        new() { ApiKeyId = ApiKeyId, StartDate = StartDate, EndDate = EndDate, GroupBy = QueryValue.Enum<CostGroupBy>(GroupBy, "groupBy") ?? CostGroupBy.Day };
}
