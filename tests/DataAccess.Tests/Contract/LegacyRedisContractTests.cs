using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Security;
using DataAccess.Sessions;
using StackExchange.Redis;

namespace DataAccess.Tests.Contract;

// The contract on the legacy Redis layout alone, plus what its storage must look like.
public sealed class LegacyRedisApiKeyStoreTests(LegacyRedisBackendFixture fixture) : ApiKeyStoreContract<LegacyRedisBackendFixture>(fixture)
{
    [Fact]
    public async Task The_key_is_stored_as_its_legacy_hash_only()
    {
        var created = (await Fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "stored" })).Unwrap();

        var fields = (await Fixture.Redis.HashGetAllAsync(LegacyKeys.ApiKey(created.Id.ToString()))).ToDictionary();

        Assert.Equal(created.HashedKey, (string?)fields["apiKey"]);
        Assert.Equal(created.Id.ToString(), (string?)await Fixture.Redis.HashGetAsync(LegacyKeys.ApiKeyHashMap, created.HashedKey));
        Assert.DoesNotContain(fields.Values, value => ((string?)value ?? "").Contains(created.ApiKey[3..], StringComparison.Ordinal));
    }
}

public sealed class LegacyRedisAccountStoreTests(LegacyRedisBackendFixture fixture) : AccountStoreContract<LegacyRedisBackendFixture>(fixture)
{
    // The relay's own format: tokens encrypted with its recipe; the proxy password inside
    // the proxy JSON, where the relay reads it, as it stores it itself.
    [Fact]
    public async Task Tokens_are_stored_encrypted_the_legacy_way()
    {
        var id = Guid.NewGuid();
        (await Fixture.ClaudeAccounts.CreateClaudeAccountAsync(new CreateAccountRequest
        {
            Id = id,
            Name = "stored",
            OAuthData = new OAuthCredentials { AccessToken = "sk-ant-oat01-clear-access", RefreshToken = "sk-ant-ort01-clear-refresh" },
            ProxyConfig = new ProxyConfig { Type = "http", Host = "proxy.local", Port = 8080, Username = "u", Password = "proxy-secret-password" },
        })).Unwrap();

        var fields = (await Fixture.Redis.HashGetAllAsync(LegacyKeys.ClaudeAccount(id.ToString()))).ToDictionary(field => (string)field.Name!, field => (string?)field.Value ?? "");

        Assert.Matches("^[0-9a-f]{32}:[0-9a-f]+$", fields["accessToken"]);
        Assert.Matches("^[0-9a-f]{32}:[0-9a-f]+$", fields["refreshToken"]);
        Assert.DoesNotContain(fields.Values, value => value.Contains("clear-access", StringComparison.Ordinal) || value.Contains("clear-refresh", StringComparison.Ordinal));
        Assert.Contains("proxy-secret-password", fields["proxy"]);
        Assert.Equal(new ProxySummary("http", "proxy.local", 8080, "u", true), (await Fixture.ClaudeAccounts.GetClaudeAccountAsync(id)).Unwrap().Proxy);
    }
}

public sealed class LegacyRedisUsageStoreTests(LegacyRedisBackendFixture fixture) : UsageStoreContract<LegacyRedisBackendFixture>(fixture);

public sealed class LegacyRedisSessionStoreTests(LegacyRedisBackendFixture fixture) : SessionStoreContract<LegacyRedisBackendFixture>(fixture)
{
    [Fact]
    public async Task A_session_is_stored_under_the_hash_of_its_token_outside_the_legacy_session_keys()
    {
        var created = (await Fixture.Sessions.CreateSessionAsync(new CreateSessionRequest { UserId = "stored", UserType = "admin" })).Unwrap();

        var keys = await Fixture.Redis.KeysAsync().ToListAsync();
        var fields = (await Fixture.Redis.HashGetAllAsync(Crs2Keys.Session(SessionTokens.Hash(created.SessionToken)))).ToDictionary();

        Assert.Equal("stored", (string?)fields["userId"]);
        Assert.DoesNotContain(keys, key => key.StartsWith("session:", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, key => key.Contains(created.SessionToken, StringComparison.Ordinal));
        Assert.DoesNotContain(fields.Values, value => ((string?)value ?? "").Contains(created.SessionToken[..32], StringComparison.Ordinal));
    }
}

public sealed class LegacyRedisStorageStrategyTests(LegacyRedisBackendFixture fixture) : StorageStrategyContract<LegacyRedisBackendFixture>(fixture)
{
    [Fact]
    public async Task The_redis_backend_has_one_fixed_strategy_and_refuses_to_switch()
    {
        var config = Fixture.Storage.GetStorageConfig(Storage.DataType.Session);

        var refused = await Fixture.Storage.SwitchStorageStrategyAsync(Storage.DataType.Session, new Storage.StorageConfig());

        Assert.Equal((Storage.PrimaryStorage.Redis, false), (config.PrimaryStorage, config.EnableCache));
        Assert.Equal(DatabaseErrorCode.InvalidQuery, refused.Code);
        Assert.Contains("legacy Redis layout", refused.Error);
    }
}
