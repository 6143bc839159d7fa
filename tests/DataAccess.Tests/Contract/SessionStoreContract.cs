using System.Text.Json;
using DataAccess.Hybrid;
using DataAccess.Redis;
using DataAccess.Security;
using DataAccess.Sessions;

namespace DataAccess.Tests.Contract;

// The fixture's clock is only ever moved forward here: sessions other tests of the class
// created stay behind, and a clock moved back would bring expired ones back to life.
public abstract class SessionStoreContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : BackendFixture
{
    // PostgreSQL keeps timestamps to the microsecond; the clock has 100 ns ticks.
    private static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(1);

    protected TFixture Fixture { get; } = fixture;

    private ISessionStore Sessions => Fixture.Sessions;

    private DateTimeOffset Now => Fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Create_returns_a_random_hex_token_once_and_stores_only_its_hash()
    {
        var created = (await Sessions.CreateSessionAsync(Request())).Unwrap();
        var other = (await Sessions.CreateSessionAsync(Request())).Unwrap();

        Assert.Matches("^[0-9a-f]{64}$", created.SessionToken);
        Assert.NotEqual(created.SessionToken, other.SessionToken);
        Assert.Equal(Now.AddSeconds(SessionRules.DefaultTtlSeconds), created.ExpiresAt, Precision);
        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.Equal(1L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM sessions WHERE token_hash = $1", SessionTokens.Hash(created.SessionToken)));
            Assert.Equal(0L, await Fixture.QueryScalarAsync<long>(
                "SELECT count(*) FROM sessions WHERE strpos(row_to_json(sessions)::text, $1) > 0 OR strpos(row_to_json(sessions)::text, $2) > 0",
                created.SessionToken, created.SessionToken[..32]));
        }
    }

    [Fact]
    public async Task Validate_returns_the_user_the_data_and_the_expiry()
    {
        var data = Json("""{"theme":"dark","roles":["a","b"],"nested":{"n":1}}""");
        var created = (await Sessions.CreateSessionAsync(Request("admin-1", "admin", data, ttlSeconds: 3600) with
        {
            IpAddress = "203.0.113.7",
            UserAgent = "contract-test",
        })).Unwrap();

        // Twice: the hybrid backend answers the second from its cache.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var session = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();
            Assert.Equal(("admin-1", "admin", true), (session.UserId, session.UserType, session.IsValid));
            Assert.True(JsonElement.DeepEquals(data, session.SessionData), session.SessionData.GetRawText());
            Assert.Equal(Now.AddHours(1), session.ExpiresAt, Precision);
            Assert.Equal(created.ExpiresAt, session.ExpiresAt, Precision);
        }
    }

    [Fact]
    public async Task A_session_created_without_data_has_an_empty_object()
    {
        var created = (await Sessions.CreateSessionAsync(Request(data: null))).Unwrap();

        var session = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();

        Assert.Equal(JsonValueKind.Object, session.SessionData.ValueKind);
        Assert.Empty(session.SessionData.EnumerateObject());
    }

    [Fact]
    public async Task Update_replaces_the_data_and_extends_the_expiry()
    {
        var created = (await Sessions.CreateSessionAsync(Request(data: Json("""{"step":1,"kept":"no"}"""), ttlSeconds: 600))).Unwrap();
        (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();

        var expiry = (await Sessions.UpdateSessionAsync(created.SessionToken, new SessionUpdate
        {
            SessionData = Json("""{"step":2}"""),
            ExtendTtlSeconds = 3600,
        })).Unwrap();

        Assert.Equal(created.ExpiresAt.AddHours(1), expiry.ExpiresAt, Precision);
        var session = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();
        Assert.True(JsonElement.DeepEquals(Json("""{"step":2}"""), session.SessionData), session.SessionData.GetRawText());
        Assert.Equal(expiry.ExpiresAt, session.ExpiresAt, Precision);

        Fixture.Clock.Advance(TimeSpan.FromSeconds(601));
        Assert.True((await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap().IsValid);
    }

    [Fact]
    public async Task Update_changes_only_what_it_is_given()
    {
        var data = Json("""{"step":1}""");
        var created = (await Sessions.CreateSessionAsync(Request(data: data, ttlSeconds: 600))).Unwrap();

        var extendedOnly = (await Sessions.UpdateSessionAsync(created.SessionToken, new SessionUpdate { ExtendTtlSeconds = 60 })).Unwrap();
        var afterExtension = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();
        var dataOnly = (await Sessions.UpdateSessionAsync(created.SessionToken, new SessionUpdate { SessionData = Json("""{"step":2}""") })).Unwrap();
        var afterData = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();

        Assert.Equal(created.ExpiresAt.AddSeconds(60), extendedOnly.ExpiresAt, Precision);
        Assert.True(JsonElement.DeepEquals(data, afterExtension.SessionData), afterExtension.SessionData.GetRawText());
        Assert.Equal(extendedOnly.ExpiresAt, dataOnly.ExpiresAt, Precision);
        Assert.Equal(extendedOnly.ExpiresAt, afterData.ExpiresAt, Precision);
        Assert.Equal(2, afterData.SessionData.GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task A_deleted_session_is_gone()
    {
        var created = (await Sessions.CreateSessionAsync(Request())).Unwrap();
        (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();

        (await Sessions.DeleteSessionAsync(created.SessionToken)).EnsureSuccess();

        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.ValidateSessionAsync(created.SessionToken)).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.UpdateSessionAsync(created.SessionToken, new SessionUpdate { ExtendTtlSeconds = 60 })).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.DeleteSessionAsync(created.SessionToken)).Code);
        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.Equal(0L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM sessions WHERE token_hash = $1", SessionTokens.Hash(created.SessionToken)));
        }
    }

    [Fact]
    public async Task An_expired_session_validates_as_not_valid_with_its_expiry_and_no_longer_updates()
    {
        var created = (await Sessions.CreateSessionAsync(Request(ttlSeconds: 60))).Unwrap();
        (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();

        Fixture.Clock.Advance(TimeSpan.FromSeconds(61));

        var expired = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();
        Assert.Equal(("user-1", false), (expired.UserId, expired.IsValid));
        Assert.Equal(created.ExpiresAt, expired.ExpiresAt, Precision);
        Assert.Equal(JsonValueKind.Object, expired.SessionData.ValueKind);
        Assert.Empty(expired.SessionData.EnumerateObject());
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.UpdateSessionAsync(created.SessionToken, new SessionUpdate { ExtendTtlSeconds = 3600 })).Code);
        Assert.False((await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap().IsValid);
    }

    [Fact]
    public async Task Cleanup_deletes_the_expired_sessions_and_counts_them()
    {
        // Every session the other tests left ends within a few days; move past all of them
        // and clear them first, so the count below is this test's alone.
        Fixture.Clock.Advance(TimeSpan.FromDays(SessionRules.MaxTtlSeconds / 86_400 + 2));
        (await Sessions.CleanupExpiredSessionsAsync()).Unwrap();
        var ending = new[]
        {
            (await Sessions.CreateSessionAsync(Request(ttlSeconds: 60))).Unwrap(),
            (await Sessions.CreateSessionAsync(Request(ttlSeconds: 120))).Unwrap(),
        };
        var lasting = (await Sessions.CreateSessionAsync(Request(ttlSeconds: 3600))).Unwrap();

        Fixture.Clock.Advance(TimeSpan.FromSeconds(121));
        var cleaned = (await Sessions.CleanupExpiredSessionsAsync()).Unwrap();

        Assert.Equal(2L, cleaned.DeletedSessions);
        foreach (var session in ending.Where(_ => Fixture.Has(BackendCapabilities.PostgreSql)))
        {
            Assert.Equal(0L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM sessions WHERE token_hash = $1", SessionTokens.Hash(session.SessionToken)));
        }

        Assert.True((await Sessions.ValidateSessionAsync(lasting.SessionToken)).Unwrap().IsValid);
        Assert.Equal(0L, (await Sessions.CleanupExpiredSessionsAsync()).Unwrap().DeletedSessions);
    }

    [Theory]
    [InlineData("userId", "missing-user")]
    [InlineData("userId", "blank-user")]
    [InlineData("userType", "root-user-type")]
    [InlineData("userType", "capitalised-user-type")]
    [InlineData("ttlSeconds", "zero-ttl")]
    [InlineData("ttlSeconds", "negative-ttl")]
    [InlineData("ttlSeconds", "ttl-over-30-days")]
    [InlineData("sessionData", "array-data")]
    [InlineData("sessionData", "string-data")]
    public async Task Bad_input_to_create_is_refused_and_names_the_field(string field, string problem)
    {
        var request = problem switch
        {
            "missing-user" => Request() with { UserId = null! },
            "blank-user" => Request() with { UserId = "   " },
            "root-user-type" => Request() with { UserType = "root" },
            "capitalised-user-type" => Request() with { UserType = "Admin" },
            "zero-ttl" => Request(ttlSeconds: 0),
            "negative-ttl" => Request(ttlSeconds: -1),
            "ttl-over-30-days" => Request(ttlSeconds: SessionRules.MaxTtlSeconds + 1),
            "array-data" => Request(data: Json("""[{"a":1}]""")),
            _ => Request(data: Json("\"text\"")),
        };
        var before = await SessionCountAsync();

        var result = await Sessions.CreateSessionAsync(request);

        Assert.Equal((false, DatabaseErrorCode.InvalidQuery, field), (result.Success, result.Code, result.Field));
        Assert.Equal(before, await SessionCountAsync());
    }

    [Fact]
    public async Task A_ttl_of_exactly_30_days_is_allowed()
    {
        var created = (await Sessions.CreateSessionAsync(Request(ttlSeconds: SessionRules.MaxTtlSeconds))).Unwrap();

        Assert.Equal(Now.AddDays(30), created.ExpiresAt, Precision);
    }

    [Theory]
    [InlineData("extendTTL", "zero-extension")]
    [InlineData("extendTTL", "extension-over-30-days")]
    [InlineData("sessionData", "array-data")]
    public async Task Bad_input_to_update_is_refused_and_changes_nothing(string field, string problem)
    {
        var created = (await Sessions.CreateSessionAsync(Request(data: Json("""{"kept":true}""")))).Unwrap();
        var update = problem switch
        {
            "zero-extension" => new SessionUpdate { ExtendTtlSeconds = 0 },
            "extension-over-30-days" => new SessionUpdate { ExtendTtlSeconds = SessionRules.MaxTtlSeconds + 1 },
            _ => new SessionUpdate { SessionData = Json("[1,2]"), ExtendTtlSeconds = 60 },
        };

        var result = await Sessions.UpdateSessionAsync(created.SessionToken, update);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, field), (result.Code, result.Field));
        var session = (await Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();
        Assert.True(session.SessionData.GetProperty("kept").GetBoolean());
        Assert.Equal(created.ExpiresAt, session.ExpiresAt, Precision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public async Task A_token_too_short_to_be_one_is_bad_input(string token)
    {
        var validate = await Sessions.ValidateSessionAsync(token);
        var update = await Sessions.UpdateSessionAsync(token, new SessionUpdate { ExtendTtlSeconds = 60 });
        var delete = await Sessions.DeleteSessionAsync(token);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "sessionToken"), (validate.Code, validate.Field));
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "sessionToken"), (update.Code, update.Field));
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "sessionToken"), (delete.Code, delete.Field));
    }

    [Fact]
    public async Task Unknown_tokens_are_not_found()
    {
        var unknown = SessionTokens.Generate();

        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.ValidateSessionAsync(unknown)).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.UpdateSessionAsync(unknown, new SessionUpdate { ExtendTtlSeconds = 60 })).Code);
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Sessions.DeleteSessionAsync(unknown)).Code);
    }

    private static CreateSessionRequest Request(string userId = "user-1", string userType = "user", JsonElement? data = null, int? ttlSeconds = null) =>
        new() { UserId = userId, UserType = userType, SessionData = data, TtlSeconds = ttlSeconds };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private Task<long> SessionCountAsync() => Fixture.StoredSessionCountAsync();
}

public sealed class PostgresSessionStoreTests(PostgresBackendFixture fixture) : SessionStoreContract<PostgresBackendFixture>(fixture);

public sealed class HybridSessionStoreTests(HybridBackendFixture fixture) : SessionStoreContract<HybridBackendFixture>(fixture)
{
    [Fact]
    public async Task The_cache_keeps_a_validated_session_under_its_hash_only()
    {
        var created = (await Fixture.Sessions.CreateSessionAsync(new CreateSessionRequest { UserId = "cached", UserType = "user" })).Unwrap();
        (await Fixture.Sessions.ValidateSessionAsync(created.SessionToken)).Unwrap();

        var cached = (string?)await Fixture.Redis.StringGetAsync(CacheKeys.Session(SessionTokens.Hash(created.SessionToken)));
        var keysNamingTheToken = await Fixture.Redis.KeysAsync($"*{created.SessionToken}*").ToListAsync();

        Assert.NotNull(cached);
        Assert.DoesNotContain(created.SessionToken, cached);
        Assert.Empty(keysNamingTheToken);
    }
}
