using DataAccess.ApiKeys;
using DataAccess.Storage;
using DataAccess.Usage;
using DataService.Authentication;
using DataService.Http;

namespace DataService.Endpoints;

public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/v1/apikeys").WithTags("API keys");

        keys.MapPost("/", async (CreateApiKeyRequest request, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.CreateApiKeyAsync(request, cancellationToken), StatusCodes.Status201Created))
            .Answers<CreatedApiKey>(StatusCodes.Status201Created)
            .JoinsTransaction(DataType.ApiKey)
            .RequireAuthorization(DataServicePolicies.Admin)
            .WithSummary("Create a key; the plain key is in the answer and nowhere else.");

        // The hash travels in the body, not the URL, so it never lands in access logs.
        keys.MapPost("/validate", async (ValidateApiKeyRequest request, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.ValidateApiKeyAsync(request.HashedKey, cancellationToken)))
            .Answers<ApiKeyValidation>()
            .RequireAuthorization(DataServicePolicies.Gateway)
            .WithSummary("Look a key up by the SHA-256 hash of its plain text.");

        keys.MapGet("/{id:guid}", async (Guid id, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetApiKeyAsync(id, cancellationToken)))
            .Answers<ApiKey>()
            .RequireAuthorization(DataServicePolicies.Admin);

        keys.MapPatch("/{id:guid}", async (Guid id, ApiKeyUpdate update, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.UpdateApiKeyAsync(id, update, cancellationToken)))
            .Answers<ApiKey>()
            .JoinsTransaction(DataType.ApiKey)
            .RequireAuthorization(DataServicePolicies.Admin)
            .WithSummary("Change only the fields present in the body; null clears expiresAt.");

        keys.MapDelete("/{id:guid}", async (Guid id, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.DeleteApiKeyAsync(id, cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.ApiKey)
            .RequireAuthorization(DataServicePolicies.Admin);

        keys.MapGet("/", async ([AsParameters] ApiKeyListParameters parameters, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetAllApiKeysAsync(parameters.ToQuery(), cancellationToken)))
            .Answers<ApiKeyPage>()
            .RequireAuthorization(DataServicePolicies.Admin);

        keys.MapPost("/{id:guid}/usage", async (Guid id, ApiKeyUsage usage, IApiKeyStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.RecordApiKeyUsageAsync(id, usage, cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.Usage)
            .RequireAuthorization(DataServicePolicies.Gateway);

        keys.MapGet("/{id:guid}/usage/summary", async (Guid id, IUsageStore usage, CancellationToken cancellationToken) =>
                ApiResults.From(await usage.GetKeyUsageSummaryAsync(id, cancellationToken)))
            .Answers<KeyUsageSummary>()
            .RequireAuthorization(DataServicePolicies.Gateway)
            .WithSummary("Lifetime, today's and this month's usage of a key, with averages.");

        keys.MapGet("/{id:guid}/usage/daily-cost", async (Guid id, IUsageStore usage, CancellationToken cancellationToken) =>
                ApiResults.From(await usage.GetDailyCostAsync(id, cancellationToken)))
            .Answers<decimal>()
            .RequireAuthorization(DataServicePolicies.Gateway);

        keys.MapGet("/{id:guid}/usage/costs", async (Guid id, IUsageStore usage, CancellationToken cancellationToken) =>
                ApiResults.From(await usage.GetCostStatsAsync(id, cancellationToken)))
            .Answers<CostStats>()
            .RequireAuthorization(DataServicePolicies.Gateway);

        return routes;
    }
}

public sealed record ValidateApiKeyRequest(string HashedKey);

// Query string of the key list: ?isActive=true&permissions=all&tags=a,b&limit=50&offset=0&sortBy=name&sortOrder=asc
public sealed record ApiKeyListParameters(
    bool? IsActive, string? Permissions, string? Tags, bool? IncludeDeleted, int? Limit, int? Offset, string? SortBy, string? SortOrder)
{
    public ApiKeyQuery ToQuery() => new()
    {
        IsActive = IsActive,
        Permissions = Permissions,
        Tags = Tags?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        IncludeDeleted = IncludeDeleted ?? false,
        Limit = Limit ?? 50,
        Offset = Offset ?? 0,
        SortBy = SortBy ?? "createdAt",
        SortOrder = QueryValue.Enum<SortOrder>(SortOrder, "sortOrder") ?? DataAccess.ApiKeys.SortOrder.Desc,
    };
}
