using System.Net;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using Gateway.Tests.Support;
using TestSupport;

namespace Gateway.Tests;

// Gateways that reread their accounts only when told to (the periodic reread is an hour
// away) beside a DataService on the hybrid backend, so whatever they learn of an account in
// a test came through the invalidation channel; in a Redis of their own, so that nothing
// another test announces reaches them.
public class AnnouncedChangesEnvironment : GatewayEnvironment
{
    private RedisServerProcess? _redis;

    protected override IReadOnlyDictionary<string, string?> ExtraDataServiceSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:redis"] = _redis!.Endpoint,
    };

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:redis"] = _redis!.Endpoint,
        ["Gateway:Accounts:RefreshInterval"] = TimeSpan.FromHours(1).ToString(),
    };

    public override async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

public sealed class PostgresAnnouncedChangesEnvironment : AnnouncedChangesEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraDataServiceSettings =>
        new Dictionary<string, string?>(base.ExtraDataServiceSettings) { ["Database:Type"] = "postgres" };
}

// The legacy layout, read from Redis, as during a migration (see LegacyLayoutEnvironment).
public sealed class DualAnnouncedChangesEnvironment : AnnouncedChangesEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraDataServiceSettings =>
        new Dictionary<string, string?>(base.ExtraDataServiceSettings) { ["Database:Type"] = "dual", ["Database:DualReadFrom"] = "redis" };

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings =>
        new Dictionary<string, string?>(base.ExtraGatewaySettings) { ["Database:Type"] = "dual" };
}

public sealed class HybridChangeAnnouncementTests(AnnouncedChangesEnvironment environment)
    : ChangeAnnouncementTests(environment), IClassFixture<AnnouncedChangesEnvironment>;

public sealed class PostgresChangeAnnouncementTests(PostgresAnnouncedChangesEnvironment environment)
    : ChangeAnnouncementTests(environment), IClassFixture<PostgresAnnouncedChangesEnvironment>;

public sealed class DualChangeAnnouncementTests(DualAnnouncedChangesEnvironment environment)
    : ChangeAnnouncementTests(environment), IClassFixture<DualAnnouncedChangesEnvironment>;

// Whatever the DataService's backend, a change made through it reaches every gateway at once:
// a changed key leaves their key caches (30 s TTL) and a new account is scheduled without
// waiting for the reread.
public abstract class ChangeAnnouncementTests(AnnouncedChangesEnvironment environment)
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

        await WaitUntilServedAsync(client);
        Assert.Contains(environment.Upstream.Requests, seen => seen.AccessToken == token);
    }

    [Fact]
    public async Task A_key_disabled_through_the_DataService_is_refused_within_a_second()
    {
        var key = await CachedKeyAsync();
        using var client = environment.Client(key.ApiKey);

        var updated = await environment.Keys.UpdateApiKeyAsync(key.Id, new ApiKeyUpdate { IsActive = false });
        Assert.True(updated.Success, updated.Error);
        await Task.Delay(TimeSpan.FromSeconds(1));

        using var after = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await AssertError.IsAsync(after, "authentication_error", "API key is disabled");
    }

    [Fact]
    public async Task A_key_deleted_through_the_DataService_is_refused_within_a_second()
    {
        var key = await CachedKeyAsync();
        using var client = environment.Client(key.ApiKey);

        var deleted = await environment.Keys.DeleteApiKeyAsync(key.Id);
        Assert.True(deleted.Success, deleted.Error);
        await Task.Delay(TimeSpan.FromSeconds(1));

        using var after = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    // A key the gateway holds in its cache: a request with it was answered.
    private async Task<CreatedApiKey> CachedKeyAsync()
    {
        await environment.RetireAccountsAsync();
        await environment.CreateAccountAsync($"sk-ant-oat01-announced-{Guid.NewGuid():N}");
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        await WaitUntilServedAsync(client);
        return key;
    }

    private static async Task WaitUntilServedAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + s_scheduledWithin;
        HttpStatusCode status;
        do
        {
            using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
            status = response.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
