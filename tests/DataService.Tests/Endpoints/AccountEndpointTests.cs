using System.Net;
using DataService.Tests.Support;
using TestSupport;

namespace DataService.Tests.Endpoints;

public sealed class AccountEndpointTests(AccountEndpointTests.WithOAuthStub factory) : IClassFixture<AccountEndpointTests.WithOAuthStub>
{
    [Fact]
    public async Task A_claude_account_is_created_read_refreshed_and_reported_on()
    {
        var admin = factory.Admin();
        var gateway = factory.Gateway();
        var created = await admin.PostApiAsync("/api/v1/accounts/claude", new
        {
            name = "claude-1",
            oauthData = new { accessToken = "sk-ant-oat01-initial", refreshToken = "sk-ant-ort01-initial", scopes = new[] { "user:inference" }, expiresAt = DateTimeOffset.UtcNow.AddHours(8) },
            proxyConfig = new { type = "http", host = "proxy", port = 3128, password = "hidden" },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Data.GetProperty("id").GetString();

        var read = await gateway.GetApiAsync($"/api/v1/accounts/claude/{id}");
        Assert.Equal("active", read.Data.GetProperty("status").GetString());
        Assert.True(read.Data.GetProperty("proxy").GetProperty("hasPassword").GetBoolean());
        Assert.DoesNotContain("hidden", read.Body.GetRawText());
        Assert.DoesNotContain("sk-ant-oat01-initial", read.Body.GetRawText());

        Assert.Equal("sk-ant-oat01-initial", (await gateway.GetApiAsync($"/api/v1/accounts/claude/{id}/access-token")).Data.GetProperty("accessToken").GetString());
        var refreshed = await gateway.PostApiAsync($"/api/v1/accounts/claude/{id}/refresh");
        Assert.StartsWith("sk-ant-oat01-refreshed-", refreshed.Data.GetProperty("accessToken").GetString());

        var limited = await gateway.PutApiAsync($"/api/v1/accounts/claude/{id}/status", new
        {
            status = "rate_limited",
            metadata = new { rateLimitResetAt = DateTimeOffset.UtcNow.AddMinutes(10) },
        });
        Assert.True(limited.Success);
        var available = await gateway.GetApiAsync("/api/v1/accounts/claude/available");
        Assert.DoesNotContain(available.Data.EnumerateArray(), account => account.GetProperty("id").GetString() == id);
        var all = await gateway.GetApiAsync("/api/v1/accounts/claude/available?rateLimitAvailable=false");
        Assert.Contains(all.Data.EnumerateArray(), account => account.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task OpenAi_accounts_have_the_same_lifecycle_without_refresh()
    {
        var created = await factory.Admin().PostApiAsync("/api/v1/accounts/openai", new { name = "openai-1", oauthData = new { accessToken = "openai-token" } });
        var id = created.Data.GetProperty("id").GetString();

        Assert.Equal("openai", (await factory.Gateway().GetApiAsync($"/api/v1/accounts/openai/{id}")).Data.GetProperty("platform").GetString());
        Assert.True((await factory.Gateway().PutApiAsync($"/api/v1/accounts/openai/{id}/status", new { status = "error", metadata = new { errorMessage = "quota" } })).Success);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Gateway().PostApiAsync($"/api/v1/accounts/openai/{id}/refresh")).Status);
        var bad = await factory.Gateway().PutApiAsync($"/api/v1/accounts/openai/{id}/status", new { status = "exploded" });
        Assert.Equal((HttpStatusCode.BadRequest, "status"), (bad.Status, bad.Field));
    }

    public sealed class WithOAuthStub : DataServiceFactory
    {
        private readonly OAuthStub _oauth = new();

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["DataAccess:ClaudeOAuth:TokenEndpoint"] = _oauth.TokenEndpoint.ToString(),
        };

        public override async Task InitializeAsync()
        {
            await _oauth.StartAsync();
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await _oauth.DisposeAsync();
        }
    }
}
