using System.Net;
using DataAccess.Accounts;
using Gateway.Tests.Support;

namespace Gateway.Tests;

// Gateways that reread their accounts only when told to (the periodic reread is an hour
// away), so whatever they learn of an account in a test came through the invalidation channel.
public sealed class AnnouncedAccountsEnvironment : GatewayEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Accounts:RefreshInterval"] = TimeSpan.FromHours(1).ToString(),
    };
}

public sealed class AccountAnnouncementTests(AnnouncedAccountsEnvironment environment) : IClassFixture<AnnouncedAccountsEnvironment>
{
    private static readonly TimeSpan s_scheduledWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_account_created_after_the_gateway_started_serves_requests_without_waiting_for_the_reread()
    {
        await environment.RetireAccountsAsync();
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        using (var before = await client.PostAsync("/v1/messages", GatewayEnvironment.Message()))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        }

        var token = $"sk-ant-oat01-announced-{Guid.NewGuid():N}";
        var created = await environment.Accounts.CreateClaudeAccountAsync(new CreateAccountRequest
        {
            Name = "announced account",
            OAuthData = new OAuthCredentials { AccessToken = token, RefreshToken = $"refresh-{token}", ExpiresAt = DateTimeOffset.UtcNow.AddHours(8) },
        });
        Assert.True(created.Success, created.Error);

        var deadline = DateTime.UtcNow + s_scheduledWithin;
        HttpStatusCode status;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(environment.Upstream.Requests, seen => seen.AccessToken == token);
    }
}
