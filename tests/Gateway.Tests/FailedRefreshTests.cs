using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

// An account whose token is due for refresh while the token endpoint fails keeps serving with
// its current token until that expires, as the legacy relay does, and the gateway asks for it
// again only every few seconds, not on every request.
public sealed class FailedRefreshTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.RetireAccountsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_account_whose_refresh_fails_serves_with_its_current_token_until_that_expires()
    {
        var expiring = $"sk-ant-oat01-expiring-{Guid.NewGuid():N}";
        var refreshToken = $"refresh-{expiring}";
        await environment.CreateAccountAsync(expiring, priority: 1, expiresAt: DateTimeOffset.UtcNow.AddSeconds(40), refreshToken: refreshToken);
        await environment.CreateAccountAsync($"sk-ant-oat01-spare-{Guid.NewGuid():N}", priority: 90);
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        environment.OAuth.Unavailable[refreshToken] = true;

        var statuses = new List<HttpStatusCode>();
        for (var request = 0; request < 3; request++)
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(3, environment.Upstream.Requests.Count(seen => seen.AccessToken == expiring));
        Assert.Single(environment.OAuth.Requests, seen => seen.GetProperty("refresh_token").GetString() == refreshToken);
    }
}
