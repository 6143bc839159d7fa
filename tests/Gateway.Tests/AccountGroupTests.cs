using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

// A key bound to an account group ("group:{id}", layout §5.9) is served by the group's
// members, chosen by the same rules as the shared pool.
public sealed class AccountGroupTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_key_bound_to_a_group_is_served_by_its_members_by_priority_then_least_recently_used()
    {
        var outsider = Token();
        var first = Token();
        var second = Token();
        var lower = Token();
        await environment.CreateAccountAsync(outsider, priority: 1);
        var firstId = await environment.CreateAccountAsync(first, priority: 10, accountType: "group");
        var secondId = await environment.CreateAccountAsync(second, priority: 10, accountType: "group");
        var lowerId = await environment.CreateAccountAsync(lower, priority: 60, accountType: "group");
        var groupId = await AccountRows.CreateGroupAsync(environment, firstId, secondId, lowerId);
        var key = await environment.CreateKeyAsync(boundAccount: $"group:{groupId}");
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        for (var conversation = 0; conversation < 6; conversation++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} conversation {conversation}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var served = Served(marker);
        Assert.Equal(3, served.GetValueOrDefault(first));
        Assert.Equal(3, served.GetValueOrDefault(second));
        Assert.False(served.ContainsKey(lower));
        Assert.False(served.ContainsKey(outsider));
    }

    [Fact]
    public async Task Group_accounts_do_not_serve_keys_that_are_not_bound_to_their_group()
    {
        var shared = Token();
        var member = Token();
        await environment.CreateAccountAsync(shared, priority: 50);
        var memberId = await environment.CreateAccountAsync(member, priority: 1, accountType: "group");
        await AccountRows.CreateGroupAsync(environment, memberId);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        for (var conversation = 0; conversation < 3; conversation++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} {conversation}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(new Dictionary<string, int> { [shared] = 3 }, Served(marker));
    }

    [Fact]
    public async Task A_rate_limited_member_is_skipped_and_the_request_retried_on_another_member()
    {
        var limited = Token();
        var spare = Token();
        var outsider = Token();
        var limitedId = await environment.CreateAccountAsync(limited, priority: 1, accountType: "group");
        var spareId = await environment.CreateAccountAsync(spare, priority: 5, accountType: "group");
        await environment.CreateAccountAsync(outsider, priority: 1);
        var groupId = await AccountRows.CreateGroupAsync(environment, limitedId, spareId);
        environment.Upstream.Overrides[limited] = context => UpstreamAnswers.RefuseAsync(context, 429, "rate_limit_error", DateTimeOffset.UtcNow.AddHours(1));
        var key = await environment.CreateKeyAsync(boundAccount: $"group:{groupId}");
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var retried = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} first"));
        using var next = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} next"));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal([limited, spare, spare], Sequence(marker));
    }

    [Fact]
    public async Task A_conversation_stays_on_its_group_member()
    {
        var first = Token();
        var second = Token();
        var firstId = await environment.CreateAccountAsync(first, accountType: "group");
        var secondId = await environment.CreateAccountAsync(second, accountType: "group");
        var groupId = await AccountRows.CreateGroupAsync(environment, firstId, secondId);
        var key = await environment.CreateKeyAsync(boundAccount: $"group:{groupId}");
        using var client = environment.Client(key.ApiKey);
        var system = $"You are a grouped assistant {Guid.NewGuid():N}";

        for (var turn = 0; turn < 5; turn++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"turn {turn}", system: system));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var accounts = environment.Upstream.Requests.Where(seen => seen.Body.Contains(system, StringComparison.Ordinal)).Select(seen => seen.AccessToken).Distinct().ToList();
        Assert.Contains(Assert.Single(accounts), new[] { first, second });
    }

    [Fact]
    public async Task A_group_without_a_usable_member_answers_503_and_does_not_fall_back_to_the_shared_pool()
    {
        var shared = Token();
        var resting = Token();
        await environment.CreateAccountAsync(shared);
        var restingId = await environment.CreateAccountAsync(resting, accountType: "group");
        var groupId = await AccountRows.CreateGroupAsync(environment, restingId);
        environment.Upstream.Overrides[resting] = context => UpstreamAnswers.RefuseAsync(context, 529, "overloaded_error", null);
        var key = await environment.CreateKeyAsync(boundAccount: $"group:{groupId}");
        using var client = environment.Client(key.ApiKey);
        var marker = Guid.NewGuid().ToString("N");

        using var overloaded = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} first"));
        using var none = await client.PostAsync("/v1/messages", GatewayEnvironment.Message($"{marker} second"));

        Assert.Equal(529, (int)overloaded.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode);
        await AssertError.IsAsync(none, "overloaded_error", "No available Claude accounts in the key's account group");
        Assert.Equal([resting], Sequence(marker));
    }

    private Dictionary<string, int> Served(string marker) =>
        environment.Upstream.Requests.Where(seen => seen.Body.Contains(marker, StringComparison.Ordinal))
            .GroupBy(seen => seen.AccessToken).ToDictionary(group => group.Key, group => group.Count());

    private List<string> Sequence(string marker) =>
        [.. environment.Upstream.Requests.Where(request => request.Body.Contains(marker, StringComparison.Ordinal)).Select(request => request.AccessToken)];

    private static string Token() => $"sk-ant-oat01-{Guid.NewGuid():N}";
}
