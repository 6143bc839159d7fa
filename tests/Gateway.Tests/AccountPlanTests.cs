using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

// Opus models are not sent to accounts whose plan cannot serve them (layout §5.6): Pro-only
// subscriptions (hasClaudePro without hasClaudeMax) and accountType claude_pro / claude_free.
public sealed class AccountPlanTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    private const string Opus = "claude-opus-4-20250514";

    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("""{"hasClaudePro":true,"hasClaudeMax":false,"accountType":"claude_pro"}""")]
    [InlineData("""{"hasClaudePro":true}""")]
    [InlineData("""{"accountType":"claude_pro"}""")]
    [InlineData("""{"accountType":"claude_free","hasClaudePro":false,"hasClaudeMax":false}""")]
    public async Task Opus_requests_skip_accounts_whose_plan_cannot_serve_them_and_other_models_still_use_them(string subscription)
    {
        var pro = Token();
        var max = Token();
        var proId = await environment.CreateAccountAsync(pro, priority: 1);
        var maxId = await environment.CreateAccountAsync(max, priority: 50);
        await AccountRows.SetSubscriptionAsync(environment, proId, subscription);
        await AccountRows.SetSubscriptionAsync(environment, maxId, """{"hasClaudePro":true,"hasClaudeMax":true,"accountType":"claude_max"}""");
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var opus = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} opus", model: Opus));
        using var sonnet = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} sonnet"));

        Assert.Equal(HttpStatusCode.OK, opus.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sonnet.StatusCode);
        Assert.Equal(max, TokenOf($"{marker} opus"));
        Assert.Equal(pro, TokenOf($"{marker} sonnet"));
    }

    [Fact]
    public async Task Accounts_without_a_known_plan_and_max_accounts_serve_opus()
    {
        var unknown = Token();
        var max = Token();
        await environment.CreateAccountAsync(unknown, priority: 1);
        var maxId = await environment.CreateAccountAsync(max, priority: 1);
        await AccountRows.SetSubscriptionAsync(environment, maxId, """{"hasClaudePro":true,"hasClaudeMax":true}""");
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        for (var request = 0; request < 4; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} {request}", model: Opus));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var served = environment.Upstream.Requests.Where(seen => seen.Body.Contains(marker, StringComparison.Ordinal)).GroupBy(seen => seen.AccessToken).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(2, served.GetValueOrDefault(unknown));
        Assert.Equal(2, served.GetValueOrDefault(max));
    }

    [Fact]
    public async Task With_only_pro_accounts_an_opus_request_gets_503_that_says_so()
    {
        var pro = Token();
        var proId = await environment.CreateAccountAsync(pro);
        await AccountRows.SetSubscriptionAsync(environment, proId, """{"hasClaudePro":true,"hasClaudeMax":false}""");
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message(model: Opus));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await AssertError.IsAsync(response, "overloaded_error", "No available Claude accounts can serve Opus models");
    }

    [Fact]
    public async Task A_key_bound_to_a_pro_account_is_served_opus_by_the_shared_pool()
    {
        var pro = Token();
        var shared = Token();
        var proId = await environment.CreateAccountAsync(pro, accountType: "dedicated");
        await environment.CreateAccountAsync(shared);
        await AccountRows.SetSubscriptionAsync(environment, proId, """{"accountType":"claude_pro"}""");
        var key = await environment.CreateKeyAsync(boundAccount: proId.ToString());
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var opus = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} opus", model: Opus));
        using var sonnet = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} sonnet"));

        Assert.Equal(HttpStatusCode.OK, opus.StatusCode);
        Assert.Equal(shared, TokenOf($"{marker} opus"));
        Assert.Equal(pro, TokenOf($"{marker} sonnet"));
    }

    private string TokenOf(string marker) =>
        Assert.Single(environment.Upstream.Requests, seen => seen.Body.Contains(marker, StringComparison.Ordinal)).AccessToken;

    private static string Token() => $"sk-ant-oat01-{Guid.NewGuid():N}";
}
