using System.Net;
using System.Text.Json;
using DataAccess.Accounts;
using Gateway.Accounts;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests;

// Account choice (bound, sticky, best available) and what upstream answers do to accounts.
public sealed class AccountTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_conversation_stays_on_its_account()
    {
        var first = Token();
        var second = Token();
        await environment.CreateAccountAsync(first);
        await environment.CreateAccountAsync(second);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var system = $"You are a sticky assistant {Guid.NewGuid():N}";

        for (var turn = 0; turn < 6; turn++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"turn {turn}", system: system));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var served = environment.Upstream.Requests.Where(seen => seen.Body.Contains(system, StringComparison.Ordinal)).Select(seen => seen.AccessToken).Distinct().ToList();
        var account = Assert.Single(served);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(system)))[..32];
        var mapping = (string?)await environment.Redis.StringGetAsync(StickySessions.Key(hash));
        Assert.NotNull(mapping);
        using var json = JsonDocument.Parse(mapping);
        Assert.Equal("claude-official", json.RootElement.GetProperty("accountType").GetString());
        Assert.True(await environment.Redis.KeyTimeToLiveAsync(StickySessions.Key(hash)) > TimeSpan.FromMinutes(59));
        Assert.Contains(account, new[] { first, second });
    }

    [Fact]
    public async Task Conversations_spread_over_equal_accounts_least_recently_used_first_and_priority_wins()
    {
        var first = Token();
        var second = Token();
        var lower = Token();
        await environment.CreateAccountAsync(first, priority: 10);
        await environment.CreateAccountAsync(second, priority: 10);
        await environment.CreateAccountAsync(lower, priority: 60);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        for (var conversation = 0; conversation < 6; conversation++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} conversation {conversation}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var served = environment.Upstream.Requests.Where(seen => seen.Body.Contains(marker, StringComparison.Ordinal)).GroupBy(seen => seen.AccessToken).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(3, served.GetValueOrDefault(first));
        Assert.Equal(3, served.GetValueOrDefault(second));
        Assert.False(served.ContainsKey(lower));
    }

    [Fact]
    public async Task A_key_bound_to_an_account_uses_it()
    {
        var preferred = Token();
        var bound = Token();
        await environment.CreateAccountAsync(preferred, priority: 1);
        var boundId = await environment.CreateAccountAsync(bound, priority: 99, accountType: "dedicated");
        var key = await environment.CreateKeyAsync(boundAccount: boundId.ToString());
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(marker));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bound, Assert.Single(environment.Upstream.Requests, seen => seen.Body.Contains(marker, StringComparison.Ordinal)).AccessToken);
    }

    [Fact]
    public async Task A_rate_limited_account_rests_until_its_reset_and_the_request_is_retried_on_another()
    {
        var limited = Token();
        var spare = Token();
        var limitedId = await environment.CreateAccountAsync(limited, priority: 1);
        await environment.CreateAccountAsync(spare, priority: 2);
        var reset = DateTimeOffset.UtcNow.AddHours(2);
        environment.Upstream.Overrides[limited] = context => Refuse(context, StatusCodes.Status429TooManyRequests, "rate_limit_error", reset);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var retried = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} first"));
        using var next = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} next"));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var seen = environment.Upstream.Requests.Where(request => request.Body.Contains(marker, StringComparison.Ordinal)).Select(request => request.AccessToken).ToList();
        Assert.Equal([limited, spare, spare], seen);
        var stored = await WaitForAsync(limitedId, account => account.Status == AccountStatus.RateLimited);
        Assert.Equal(AccountStatus.RateLimited, stored.Status);
        Assert.Equal(reset.ToUnixTimeSeconds(), stored.ResetAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_429_with_no_other_account_reaches_the_client()
    {
        var limited = Token();
        await environment.CreateAccountAsync(limited);
        environment.Upstream.Overrides[limited] = context => Refuse(context, StatusCodes.Status429TooManyRequests, "rate_limit_error", DateTimeOffset.UtcNow.AddMinutes(30));
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        await AssertError.IsAsync(response, "rate_limit_error", "The upstream account is rate limited and no other account is available");
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 28, 31);
    }

    [Fact]
    public async Task An_account_answering_5xx_cools_down()
    {
        var failing = Token();
        var spare = Token();
        await environment.CreateAccountAsync(failing, priority: 1);
        await environment.CreateAccountAsync(spare, priority: 2);
        environment.Upstream.Overrides[failing] = context => Refuse(context, 529, "overloaded_error", null);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var overloaded = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} first"));
        using var next = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} next"));

        Assert.Equal(529, (int)overloaded.StatusCode);
        await AssertError.IsAsync(overloaded, "overloaded_error", "upstream says overloaded_error");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var seen = environment.Upstream.Requests.Where(request => request.Body.Contains(marker, StringComparison.Ordinal)).Select(request => request.AccessToken).ToList();
        Assert.Equal([failing, spare], seen);
    }

    [Fact]
    public async Task An_account_is_marked_in_error_after_three_401s()
    {
        var revoked = Token();
        var spare = Token();
        var revokedId = await environment.CreateAccountAsync(revoked, priority: 1);
        await environment.CreateAccountAsync(spare, priority: 2);
        environment.Upstream.Overrides[revoked] = context => Refuse(context, StatusCodes.Status401Unauthorized, "authentication_error", null);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        var statuses = new List<HttpStatusCode>();
        for (var request = 0; request < 4; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} {request}"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK], statuses);
        var stored = await WaitForAsync(revokedId, account => account.Status == AccountStatus.Error);
        Assert.Equal(AccountStatus.Error, stored.Status);
        Assert.Equal(AccountHealth.UnauthorizedMessage, stored.ErrorMessage);
    }

    [Fact]
    public async Task An_expiring_token_is_refreshed_once_under_concurrent_requests()
    {
        var expiring = Token();
        await environment.CreateAccountAsync(expiring, expiresAt: DateTimeOffset.UtcNow.AddSeconds(30));
        var key = await environment.CreateKeyAsync();
        var before = environment.OAuth.Requests.Count;
        var marker = Guid.NewGuid().ToString("N");
        using var client = environment.Client(key.ApiKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(request => client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} {request}"))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, environment.OAuth.Requests.Count - before);
        var tokens = environment.Upstream.Requests.Where(seen => seen.Body.Contains(marker, StringComparison.Ordinal)).Select(seen => seen.AccessToken).Distinct().ToList();
        Assert.StartsWith("sk-ant-oat01-refreshed-", Assert.Single(tokens), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_usable_account_the_answer_is_503()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await AssertError.IsAsync(response, "overloaded_error", "No available Claude accounts");
    }

    private static string Token() => $"sk-ant-oat01-{Guid.NewGuid():N}";

    private static async Task Refuse(HttpContext context, int status, string type, DateTimeOffset? reset)
    {
        context.Response.StatusCode = status;
        if (reset is { } at)
        {
            context.Response.Headers["anthropic-ratelimit-unified-reset"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type, message = $"upstream says {type}" } });
    }

    private async Task<(string Status, DateTimeOffset? ResetAt, string? ErrorMessage)> WaitForAsync(
        Guid accountId, Func<(string Status, DateTimeOffset? ResetAt, string? ErrorMessage), bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var account = await environment.StoredAccountAsync(accountId);
            if (condition(account) || DateTime.UtcNow > deadline)
            {
                return account;
            }

            await Task.Delay(50);
        }
    }
}
