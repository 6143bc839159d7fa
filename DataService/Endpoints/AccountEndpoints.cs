using DataAccess.Accounts;
using DataAccess.Storage;
using DataService.Authentication;
using DataService.Http;

namespace DataService.Endpoints;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var claude = routes.MapGroup("/api/v1/accounts/claude").WithTags("Claude accounts");
        claude.MapPost("/", async (CreateAccountRequest request, IClaudeAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.CreateClaudeAccountAsync(request, cancellationToken), StatusCodes.Status201Created))
            .Answers<CreatedAccount>(StatusCodes.Status201Created)
            .JoinsTransaction(DataType.Account)
            .RequireAuthorization(DataServicePolicies.Admin);
        claude.MapGet("/{id:guid}", async (Guid id, IClaudeAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetClaudeAccountAsync(id, cancellationToken)))
            .Answers<Account>()
            .RequireAuthorization(DataServicePolicies.Gateway);
        claude.MapPost("/{id:guid}/refresh", async (Guid id, IClaudeAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.RefreshOAuthTokenAsync(id, cancellationToken)))
            .Answers<RefreshedToken>()
            .RequireAuthorization(DataServicePolicies.Gateway)
            .WithSummary("Exchange the refresh token for new tokens now.");
        claude.MapPut("/{id:guid}/status", async (Guid id, AccountStatusRequest request, IClaudeAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.UpdateAccountStatusAsync(id, request.Status, request.Metadata, cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.Account)
            .RequireAuthorization(DataServicePolicies.Gateway);
        claude.MapGet("/available", async ([AsParameters] AvailableAccountParameters parameters, IClaudeAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetAvailableAccountsAsync(parameters.ToQuery(), cancellationToken)))
            .Answers<IReadOnlyList<Account>>()
            .RequireAuthorization(DataServicePolicies.Gateway);
        claude.MapGet("/{id:guid}/access-token", async (Guid id, IClaudeAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetAccessTokenAsync(id, cancellationToken)))
            .Answers<AccountAccessToken>()
            .RequireAuthorization(DataServicePolicies.Gateway)
            .WithSummary("The token to send upstream, refreshed first when it is about to expire.");

        var openAi = routes.MapGroup("/api/v1/accounts/openai").WithTags("OpenAI accounts");
        openAi.MapPost("/", async (CreateAccountRequest request, IOpenAiAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.CreateOpenAiAccountAsync(request, cancellationToken), StatusCodes.Status201Created))
            .Answers<CreatedAccount>(StatusCodes.Status201Created)
            .JoinsTransaction(DataType.Account)
            .RequireAuthorization(DataServicePolicies.Admin);
        openAi.MapGet("/{id:guid}", async (Guid id, IOpenAiAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetOpenAiAccountAsync(id, cancellationToken)))
            .Answers<Account>()
            .RequireAuthorization(DataServicePolicies.Gateway);
        openAi.MapPut("/{id:guid}/status", async (Guid id, AccountStatusRequest request, IOpenAiAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.UpdateAccountStatusAsync(id, request.Status, request.Metadata, cancellationToken)))
            .Answers()
            .JoinsTransaction(DataType.Account)
            .RequireAuthorization(DataServicePolicies.Gateway);
        openAi.MapGet("/available", async ([AsParameters] AvailableAccountParameters parameters, IOpenAiAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetAvailableAccountsAsync(parameters.ToQuery(), cancellationToken)))
            .Answers<IReadOnlyList<Account>>()
            .RequireAuthorization(DataServicePolicies.Gateway);
        openAi.MapGet("/{id:guid}/access-token", async (Guid id, IOpenAiAccountStore store, CancellationToken cancellationToken) =>
                ApiResults.From(await store.GetAccessTokenAsync(id, cancellationToken)))
            .Answers<AccountAccessToken>()
            .RequireAuthorization(DataServicePolicies.Gateway);

        return routes;
    }
}

public sealed record AccountStatusRequest(string Status, AccountStatusUpdate? Metadata = null);

public sealed record AvailableAccountParameters(string? Status, bool? RateLimitAvailable, long? MinTokensRemaining, bool? AnyState)
{
    public AvailableAccountQuery ToQuery() => new() { Status = Status, RateLimitAvailable = RateLimitAvailable, MinTokensRemaining = MinTokensRemaining, AnyState = AnyState };
}
