using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

// An account whose access token cannot be obtained (it expired and the OAuth endpoint cannot
// be reached to refresh it) is rested for the cooldown, and the request goes to another
// account at once, without asking the DataService again: one broken account does not take,
// or hold up, every request it would be chosen for.
public sealed class TokenFailureTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_whose_account_has_no_token_goes_to_another_account_and_the_first_rests()
    {
        var unreachable = $"sk-ant-oat01-expired-{Guid.NewGuid():N}";
        var working = $"sk-ant-oat01-working-{Guid.NewGuid():N}";
        var broken = await environment.CreateAccountAsync(unreachable, priority: 1, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-5));
        await environment.CreateAccountAsync(working, priority: 90);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        await environment.OAuth.DisposeAsync();

        var statuses = new List<HttpStatusCode>();
        for (var request = 0; request < 3; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(3, environment.Upstream.Requests.Count(seen => seen.AccessToken == working));
        Assert.DoesNotContain(environment.Upstream.Requests, seen => seen.AccessToken == unreachable);
        Assert.Equal(1, environment.DataServiceTraffic.CallsTo($"/{broken}/access-token"));
    }

    [Fact]
    public async Task With_no_other_account_the_client_is_told_the_token_could_not_be_obtained()
    {
        await environment.CreateAccountAsync($"sk-ant-oat01-alone-{Guid.NewGuid():N}", expiresAt: DateTimeOffset.UtcNow.AddMinutes(-5));
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        await environment.OAuth.DisposeAsync();

        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertError.IsAsync(response, "api_error", "The upstream account's access token could not be obtained and no other account is available");
    }
}
