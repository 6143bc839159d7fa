using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Sessions;
using DataAccess.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.LegacyRedis;

// The legacy relay's own admin and web-user sessions (layout §5.10), seen through the unified
// session API of the legacy backend: as the PostgreSQL backend shows them once migrated.
public sealed class RelaySessionTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    private const string AdminToken = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private const string UserToken = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private ISessionStore Sessions => Fixture.Services.GetRequiredService<ISessionStore>();

    [Fact]
    public async Task An_admin_session_of_the_relay_validates_until_a_day_after_its_last_activity()
    {
        var lastActivity = Now.AddHours(-2);
        await PlantAdminSessionAsync(lastActivity, TimeSpan.FromDays(1000));

        var validation = (await Sessions.ValidateSessionAsync(AdminToken)).Unwrap();

        Assert.Equal(("admin", "admin", true), (validation.UserId, validation.UserType, validation.IsValid));
        Assert.Equal(JsValues.Iso(lastActivity), validation.SessionData.GetProperty("lastActivity").GetString());
        Assert.Equal("admin", validation.SessionData.GetProperty("username").GetString());
        Assert.Equal(JsValues.ParseIso(JsValues.Iso(lastActivity))!.Value.AddDays(1), validation.ExpiresAt);
    }

    [Fact]
    public async Task An_admin_session_idle_for_more_than_a_day_is_refused_whatever_its_ttl()
    {
        await PlantAdminSessionAsync(Now.AddHours(-25), TimeSpan.FromDays(1000));

        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.ValidateSessionAsync(AdminToken)).Code);
    }

    [Fact]
    public async Task An_admin_session_ends_with_its_ttl_when_that_comes_first()
    {
        await PlantAdminSessionAsync(Now, TimeSpan.FromHours(1));

        var expiresAt = (await Sessions.ValidateSessionAsync(AdminToken)).Unwrap().ExpiresAt;

        Assert.InRange(expiresAt - Now, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_web_user_session_validates_as_its_user_without_its_token()
    {
        await Redis.StringSetAsync(
            LegacyKeys.UserSession(UserToken),
            $$"""{"token":"{{UserToken}}","userId":"6f1d0c0e2b3a4c5d8e9f00112233aabb","createdAt":"2025-08-18T01:00:00.000Z"}""",
            TimeSpan.FromHours(3));

        var validation = (await Sessions.ValidateSessionAsync(UserToken)).Unwrap();

        Assert.Equal(("6f1d0c0e2b3a4c5d8e9f00112233aabb", "user"), (validation.UserId, validation.UserType));
        Assert.False(validation.SessionData.TryGetProperty("token", out _));
        Assert.Equal("2025-08-18T01:00:00.000Z", validation.SessionData.GetProperty("createdAt").GetString());
        Assert.InRange(validation.ExpiresAt - Now, TimeSpan.FromHours(3) - TimeSpan.FromSeconds(10), TimeSpan.FromHours(3));
    }

    [Fact]
    public async Task Extending_an_admin_session_moves_its_last_activity_and_ttl_as_the_relay_does()
    {
        var lastActivity = Now.AddHours(-2);
        await PlantAdminSessionAsync(lastActivity, TimeSpan.FromHours(30));

        var extended = (await Sessions.UpdateSessionAsync(AdminToken, new SessionUpdate { ExtendTtlSeconds = 3600 })).Unwrap();

        var moved = JsValues.ParseIso(JsValues.Iso(lastActivity))!.Value.AddHours(1);
        Assert.Equal(moved.AddDays(1), extended.ExpiresAt);
        Assert.Equal(JsValues.Iso(moved), (await FieldsAsync(LegacyKeys.Session(AdminToken)))["lastActivity"]);
        await AssertTtlAsync(LegacyKeys.Session(AdminToken), TimeSpan.FromHours(31));
        Assert.Equal(extended.ExpiresAt, (await Sessions.ValidateSessionAsync(AdminToken)).Unwrap().ExpiresAt);
    }

    [Fact]
    public async Task Extending_a_web_user_session_extends_its_ttl()
    {
        await Redis.StringSetAsync(LegacyKeys.UserSession(UserToken), """{"userId":"u1"}""", TimeSpan.FromHours(1));

        (await Sessions.UpdateSessionAsync(UserToken, new SessionUpdate { ExtendTtlSeconds = 7200 })).Unwrap();

        await AssertTtlAsync(LegacyKeys.UserSession(UserToken), TimeSpan.FromHours(3));
    }

    [Fact]
    public async Task The_data_of_a_relay_session_stays_in_the_relay_format()
    {
        await PlantAdminSessionAsync(Now, TimeSpan.FromDays(1));
        var update = new SessionUpdate { SessionData = System.Text.Json.JsonDocument.Parse("""{"theme":"dark"}""").RootElement };

        var refused = await Sessions.UpdateSessionAsync(AdminToken, update);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "sessionData"), (refused.Code, refused.Field));
        Assert.False((await FieldsAsync(LegacyKeys.Session(AdminToken))).ContainsKey("theme"));
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.UpdateSessionAsync(UserToken, update)).Code);
    }

    [Fact]
    public async Task Ending_a_relay_session_deletes_its_key()
    {
        await PlantAdminSessionAsync(Now, TimeSpan.FromDays(1));
        await Redis.StringSetAsync(LegacyKeys.UserSession(UserToken), """{"userId":"u1"}""", TimeSpan.FromHours(1));

        (await Sessions.DeleteSessionAsync(AdminToken)).EnsureSuccess();
        (await Sessions.DeleteSessionAsync(UserToken)).EnsureSuccess();

        Assert.Empty(await KeysAsync());
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.DeleteSessionAsync(AdminToken)).Code);
    }

    private async Task PlantAdminSessionAsync(DateTimeOffset lastActivity, TimeSpan ttl)
    {
        await Redis.HashSetAsync(LegacyKeys.Session(AdminToken), new Dictionary<string, RedisValue>
        {
            ["username"] = "admin",
            ["loginTime"] = JsValues.Iso(lastActivity.AddHours(-1)),
            ["lastActivity"] = JsValues.Iso(lastActivity),
        });
        await Redis.KeyExpireAsync(LegacyKeys.Session(AdminToken), ttl);
    }
}
