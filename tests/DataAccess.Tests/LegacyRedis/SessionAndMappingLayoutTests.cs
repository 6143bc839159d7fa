using System.Text.Json;
using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Security;
using DataAccess.Sessions;
using DataAccess.Tests.Contract;
using StackExchange.Redis;

namespace DataAccess.Tests.LegacyRedis;

// Admin sessions, OAuth state, the dead apikey_hash: family and sticky maps (layout §5.10, §5.11).
public sealed class SessionAndMappingLayoutTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    [Fact]
    public async Task A_sticky_mapping_is_a_string_for_an_hour_under_the_seed_key()
    {
        await Adapter.SetSessionAccountMappingAsync("185f8db32271fe25f561a6fc938b2e26", "account-1");

        Assert.Equal([LegacyKeys.StickySession("185f8db32271fe25f561a6fc938b2e26")], await KeysAsync());
        Assert.Equal("account-1", await Adapter.GetSessionAccountMappingAsync("185f8db32271fe25f561a6fc938b2e26"));
        await AssertTtlAsync(LegacyKeys.StickySession("185f8db32271fe25f561a6fc938b2e26"), LegacyTtls.StickySession);
        Assert.Equal(1L, await Adapter.DeleteSessionAccountMappingAsync("185f8db32271fe25f561a6fc938b2e26"));
        Assert.Null(await Adapter.GetSessionAccountMappingAsync("185f8db32271fe25f561a6fc938b2e26"));
    }

    [Fact]
    public async Task The_claude_mapping_the_relay_routes_by_is_its_compact_json()
    {
        var key = LegacyKeys.UnifiedClaudeSession("2719b7a469d904b3281d8488976f3310");

        await Adapter.SetClaudeSessionMappingAsync("2719b7a469d904b3281d8488976f3310", new StickyAccount("acc-1", "claude-official"));

        Assert.Equal("""{"accountId":"acc-1","accountType":"claude-official"}""", (string?)await Redis.StringGetAsync(key));
        await AssertTtlAsync(key, LegacyTtls.StickySession);
        Assert.Equal(new StickyAccount("acc-1", "claude-official"), await Adapter.GetClaudeSessionMappingAsync("2719b7a469d904b3281d8488976f3310"));
        await Redis.StringSetAsync(key, "not json");
        Assert.Null(await Adapter.GetClaudeSessionMappingAsync("2719b7a469d904b3281d8488976f3310"));
    }

    [Fact]
    public async Task An_admin_session_is_a_hash_for_a_day_and_a_zero_ttl_keeps_it()
    {
        await Adapter.SetSessionAsync("token-a", new Dictionary<string, string> { ["username"] = "admin", ["loginTime"] = "2025-08-18T15:59:59.999Z" });
        await Adapter.SetSessionAsync("token-b", new Dictionary<string, string> { ["username"] = "admin" }, TimeSpan.Zero);

        Assert.Equal("admin", (await Adapter.GetSessionAsync("token-a"))["username"]);
        await AssertTtlAsync(LegacyKeys.Session("token-a"), LegacyTtls.AdminSession);
        await AssertNoTtlAsync(LegacyKeys.Session("token-b"));
        Assert.Equal(1L, await Adapter.DeleteSessionAsync("token-a"));
        Assert.Empty(await Adapter.GetSessionAsync("token-a"));
    }

    [Fact]
    public async Task OAuth_state_json_encodes_objects_and_reads_its_proxy_back()
    {
        await Adapter.SetOAuthSessionAsync("state-1", new Dictionary<string, object?>
        {
            ["codeVerifier"] = "verifier",
            ["proxy"] = new Dictionary<string, object> { ["type"] = "socks5", ["host"] = "h", ["port"] = 1080 },
            ["expiresAt"] = null,
            ["isSetup"] = true,
        });

        var fields = await FieldsAsync(LegacyKeys.OAuthSession("state-1"));
        Assert.Equal(("verifier", """{"type":"socks5","host":"h","port":1080}""", "", "true"), (fields["codeVerifier"], fields["proxy"], fields["expiresAt"], fields["isSetup"]));
        await AssertTtlAsync(LegacyKeys.OAuthSession("state-1"), LegacyTtls.OAuthSession);
        var session = await Adapter.GetOAuthSessionAsync("state-1");
        Assert.Equal(1080, session.Proxy!.Value.GetProperty("port").GetInt32());
        await Redis.HashSetAsync(LegacyKeys.OAuthSession("state-1"), "proxy", "{broken");
        Assert.Null((await Adapter.GetOAuthSessionAsync("state-1")).Proxy);
        Assert.Equal(1L, await Adapter.DeleteOAuthSessionAsync("state-1"));
    }

    [Fact]
    public async Task Deleting_an_api_key_hash_entry_also_leaves_the_hash_map()
    {
        var hash = new string('e', 64);
        await Adapter.SetApiKeyHashAsync(hash, new Dictionary<string, string> { ["id"] = "key-1" });
        await Redis.HashSetAsync(LegacyKeys.ApiKeyHashMap, hash, "key-1");

        Assert.Equal("key-1", (await Adapter.GetApiKeyHashAsync(hash))["id"]);
        await AssertNoTtlAsync(LegacyKeys.ApiKeyHash(hash));
        Assert.Equal(1L, await Adapter.DeleteApiKeyHashAsync(hash));

        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Unified_sessions_never_land_under_the_legacy_session_prefix()
    {
        var created = (await Fixture.Sessions.CreateSessionAsync(new CreateSessionRequest
        {
            UserId = "u",
            UserType = "user",
            SessionData = JsonDocument.Parse("""{"a":1}""").RootElement,
            TtlSeconds = 120,
        })).Unwrap();

        var keys = await KeysAsync();

        Assert.Equal([Crs2Keys.Session(SessionTokens.Hash(created.SessionToken))], keys);
        Assert.Empty(await Adapter.GetSessionAsync(created.SessionToken));
        await AssertTtlAsync(keys[0], TimeSpan.FromSeconds(120));
        Assert.Equal(RedisType.Hash, await Redis.KeyTypeAsync(keys[0]));
    }
}
