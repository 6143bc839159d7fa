using System.Net;
using DataAccess.Accounts;
using Gateway.Tests.Support;

namespace Gateway.Tests;

// The upstream can say an account is rate limited with another status than 429: an error body
// saying "exceed your account's rate limit" (the legacy relay reads it the same way). The
// account is then marked rate-limited and the request retried on another, as on a 429.
public sealed class RateLimitBodyTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    private const string LimitMessage = "This request would exceed your account's rate limit. Please try again later.";

    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(400, true)]
    public async Task A_rate_limit_body_marks_the_account_and_the_request_is_retried_on_another(int status, bool stream)
    {
        var limited = Token();
        var spare = Token();
        var limitedId = await environment.CreateAccountAsync(limited, priority: 1);
        await environment.CreateAccountAsync(spare, priority: 2);
        var reset = DateTimeOffset.UtcNow.AddMinutes(90);
        environment.Upstream.Overrides[limited] = context => UpstreamAnswers.RefuseAsync(context, status, "invalid_request_error", reset, LimitMessage);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var retried = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} first", stream: stream));
        using var next = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} next", stream: stream));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal([limited, spare, spare], Sequence(marker));
        var stored = await WaitForStatusAsync(limitedId, AccountStatus.RateLimited);
        Assert.Equal(AccountStatus.RateLimited, stored.Status);
        Assert.Equal(reset.ToUnixTimeSeconds(), stored.ResetAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Without_another_account_the_client_is_told_the_account_is_rate_limited()
    {
        var limited = Token();
        await environment.CreateAccountAsync(limited);
        environment.Upstream.Overrides[limited] = context => UpstreamAnswers.RefuseAsync(context, 400, "invalid_request_error", DateTimeOffset.UtcNow.AddMinutes(30), LimitMessage);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        await AssertError.IsAsync(response, "rate_limit_error", "The upstream account is rate limited and no other account is available");
    }

    [Fact]
    public async Task Other_error_bodies_pass_through_unchanged_and_do_not_rest_the_account()
    {
        var account = Token();
        await environment.CreateAccountAsync(account);
        environment.Upstream.Overrides[account] = context => UpstreamAnswers.RefuseAsync(context, 400, "invalid_request_error", null, "max_tokens: must be positive");
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} first"));
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} second"));

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        await AssertError.IsAsync(first, "invalid_request_error", "max_tokens: must be positive");
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal([account, account], Sequence(marker));
    }

    private List<string> Sequence(string marker) =>
        [.. environment.Upstream.Requests.Where(request => request.Body.Contains(marker, StringComparison.Ordinal)).Select(request => request.AccessToken)];

    private async Task<(string Status, DateTimeOffset? ResetAt, string? ErrorMessage)> WaitForStatusAsync(Guid accountId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var account = await environment.StoredAccountAsync(accountId);
            if (account.Status == status || DateTime.UtcNow > deadline)
            {
                return account;
            }

            await Task.Delay(50);
        }
    }

    private static string Token() => $"sk-ant-oat01-{Guid.NewGuid():N}";
}
