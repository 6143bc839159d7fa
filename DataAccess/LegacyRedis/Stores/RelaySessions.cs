using System.Text.Json;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;
using DataAccess.Sessions;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Stores;

// The legacy relay's own admin and web-user sessions, which the unified API validates, extends
// and ends beside its own: an operator running us on the relay's Redis keeps every login, and
// sees them as the PostgreSQL backend shows them once migrated (LegacySessions holds the rules).
// Tokens reach here checked to be 32 to 512 characters, as the relay's admin tokens are, so
// session:admin_credentials can never be taken for a session.
internal sealed class RelaySessions(LegacyRedisAdapter adapter, TimeProvider time)
{
    private IDatabase Redis => adapter.Redis;

    public async Task<SessionValidation?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await FindAsync(token, cancellationToken) switch
        {
            AdminSession admin when admin.ExpiresAt(now) is var expiresAt && expiresAt > now =>
                new SessionValidation(admin.Fields.GetValueOrDefault("username", ""), LegacySessions.AdminUserType, Json(LegacySessions.AdminData(admin.Fields)), expiresAt, IsValid: true),
            WebUserSession user when LegacySessions.WebUserExpiry(user.Ttl, now) is var expiresAt && LegacySessions.WebUserSession(user.Text) is var (userId, data) =>
                new SessionValidation(userId, LegacySessions.WebUserType, Json(data.ToJsonString()), expiresAt, IsValid: true),
            _ => null,
        };
    }

    // Pushes the end out by the given time, as the relay's own renewal does: an admin session
    // by moving its last activity (the relay ends it a day after that) and its TTL, a web-user
    // session by its TTL. Null when there is no live relay session with this token.
    public async Task<DateTimeOffset?> ExtendAsync(string token, TimeSpan by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (await FindAsync(token, cancellationToken))
        {
            case AdminSession admin when admin.ExpiresAt(now) is var expiresAt && expiresAt > now:
                var fields = new Dictionary<string, string>(admin.Fields, StringComparer.Ordinal);
                if (JsValues.ParseIso(fields.GetValueOrDefault("lastActivity") is { Length: > 0 } activity ? activity : fields.GetValueOrDefault("loginTime")) is { } seen)
                {
                    fields["lastActivity"] = JsValues.Iso(seen + by);
                }

                var ttl = (admin.Ttl ?? LegacySessions.MissingTtlFallback) + by;
                if (!await adapter.TryUpdateExistingHashAsync(LegacyKeys.Session(token), [], fields, cancellationToken))
                {
                    return null;
                }

                await Redis.KeyExpireAsync(LegacyKeys.Session(token), Lifetime(ttl));
                return LegacySessions.AdminExpiry(fields, ttl, now);
            case WebUserSession user when LegacySessions.WebUserSession(user.Text) is not null:
                var extended = (user.Ttl ?? LegacySessions.MissingTtlFallback) + by;
                return await Redis.KeyExpireAsync(LegacyKeys.UserSession(token), Lifetime(extended))
                    ? LegacySessions.WebUserExpiry(extended, now)
                    : null;
            default:
                return null;
        }
    }

    public async Task<bool> DeleteAsync(string token, CancellationToken cancellationToken)
    {
        return await Redis.KeyDeleteAsync([LegacyKeys.Session(token), LegacyKeys.UserSession(token)]) > 0;
    }

    public async Task<bool> IsLiveAsync(string token, CancellationToken cancellationToken) =>
        await ValidateAsync(token, cancellationToken) is not null;

    private async Task<RelaySession?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var fields = await adapter.Hashes.ReadAsync(LegacyKeys.Session(token), cancellationToken);
        if (fields.Count > 0)
        {
            return new AdminSession(fields, await Redis.KeyTimeToLiveAsync(LegacyKeys.Session(token)));
        }

        var text = (string?)await Redis.StringGetAsync(LegacyKeys.UserSession(token));
        return text is null ? null : new WebUserSession(text, await Redis.KeyTimeToLiveAsync(LegacyKeys.UserSession(token)));
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    // Whole seconds, at least one, so Redis never drops a live session early.
    private static TimeSpan Lifetime(TimeSpan ttl) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(ttl.TotalSeconds)));

    private abstract record RelaySession(TimeSpan? Ttl);

    private sealed record AdminSession(IReadOnlyDictionary<string, string> Fields, TimeSpan? Ttl) : RelaySession(Ttl)
    {
        public DateTimeOffset ExpiresAt(DateTimeOffset now) => LegacySessions.AdminExpiry(Fields, Ttl, now);
    }

    private sealed record WebUserSession(string Text, TimeSpan? Ttl) : RelaySession(Ttl);
}
