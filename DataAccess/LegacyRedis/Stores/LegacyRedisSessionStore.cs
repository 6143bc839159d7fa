using System.Text.Json;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Security;
using DataAccess.Sessions;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Stores;

// Sessions of the unified API as crs2:session:{token hash} hashes. Not under session:,
// where the relay keeps its admin sessions (layout §5.10): the relay would take ours for
// its own, and its hourly cleanup rewrites the TTL of everything there. The expiry is kept
// in the hash and checked against our clock; the Redis TTL only disposes of the key. A token
// that is not ours may be one of the relay's own sessions, which RelaySessions answers for.
internal sealed class LegacyRedisSessionStore(LegacyRedisAdapter adapter, RelaySessions relay, OperationRunner runner, TimeProvider time) : ISessionStore
{
    private const int ScanPageSize = 1000;

    private IDatabase Redis => adapter.Redis;

    public Task<DataResult<CreatedSession>> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateCreate(request);
            var sessionToken = SessionTokens.Generate();
            return new CreatedSession(sessionToken, await StoreAsync(sessionToken, request, token));
        }, cancellationToken);

    public Task<DataResult<SessionValidation>> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateToken(sessionToken);
            var fields = await adapter.Hashes.ReadAsync(Crs2Keys.Session(SessionTokens.Hash(sessionToken)), token);
            if (fields.Count == 0)
            {
                return await relay.ValidateAsync(sessionToken, token) ?? throw Missing();
            }

            // Past its expiry but not yet dropped by its TTL: isValid false, as the seed has it.
            var expiresAt = ExpiryOf(fields);
            if (expiresAt <= time.GetUtcNow())
            {
                return SessionValidation.Expired(fields.GetValueOrDefault("userId", ""), fields.GetValueOrDefault("userType", ""), expiresAt);
            }

            using var data = JsonDocument.Parse(fields.GetValueOrDefault("data", "{}"));
            return new SessionValidation(fields.GetValueOrDefault("userId", ""), fields.GetValueOrDefault("userType", ""), data.RootElement.Clone(), expiresAt, IsValid: true);
        }, cancellationToken);

    public Task<DataResult<SessionExpiry>> UpdateSessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateToken(sessionToken);
            SessionRules.ValidateUpdate(update);
            var now = time.GetUtcNow();
            if (await FindLiveAsync(sessionToken, token) is not var (_, expiresAt))
            {
                return await UpdateRelaySessionAsync(sessionToken, update, token);
            }

            var extended = expiresAt.AddSeconds(update.ExtendTtlSeconds ?? 0);
            var changes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["expiresAt"] = JsValues.Iso(extended),
                ["updatedAt"] = JsValues.Iso(now),
            };
            if (update.SessionData is { } data)
            {
                changes["data"] = data.GetRawText();
            }

            if (!await adapter.TryUpdateExistingHashAsync(Crs2Keys.Session(SessionTokens.Hash(sessionToken)), [], changes, token))
            {
                throw Missing();
            }

            await Redis.KeyExpireAsync(Crs2Keys.Session(SessionTokens.Hash(sessionToken)), Lifetime(extended, now));
            return new SessionExpiry(extended);
        }, cancellationToken);

    public Task<DataResult> DeleteSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateToken(sessionToken);
            if (!await Redis.KeyDeleteAsync(Crs2Keys.Session(SessionTokens.Hash(sessionToken))) && !await relay.DeleteAsync(sessionToken, token))
            {
                throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No session has this token.");
            }
        }, cancellationToken);

    public Task<DataResult<SessionCleanupResult>> CleanupExpiredSessionsAsync(CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var key in Redis.KeysAsync(Crs2Keys.SessionPrefix + "*", ScanPageSize, cancellationToken: token))
            {
                keys.Add(key);
            }

            var sessions = keys.ToList();
            var read = await adapter.Hashes.ReadManyAsync(sessions, token);
            var expired = sessions.Where((_, index) => read[index] is { Count: > 0 } fields && ExpiryOf(fields) <= now).ToList();
            return new SessionCleanupResult(expired.Count == 0 ? 0 : await Redis.KeyDeleteAsync([.. expired.Select(key => (RedisKey)key)]));
        }, cancellationToken);

    // Returns the expiry as stored (to the millisecond).
    private async Task<DateTimeOffset> StoreAsync(string sessionToken, CreateSessionRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(now.AddSeconds(request.TtlSeconds ?? SessionRules.DefaultTtlSeconds).ToUnixTimeMilliseconds());
        var key = Crs2Keys.Session(SessionTokens.Hash(sessionToken));
        var transaction = Redis.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            new("userId", request.UserId),
            new("userType", request.UserType),
            new("data", request.SessionData?.GetRawText() ?? "{}"),
            new("ipAddress", request.IpAddress ?? ""),
            new("userAgent", request.UserAgent ?? ""),
            new("createdAt", JsValues.Iso(now)),
            new("expiresAt", JsValues.Iso(expiresAt)),
        ]);
        _ = transaction.KeyExpireAsync(key, Lifetime(expiresAt, now));
        await transaction.ExecuteAsync();
        return expiresAt;
    }

    private async Task<(IReadOnlyDictionary<string, string> Fields, DateTimeOffset ExpiresAt)?> FindLiveAsync(string sessionToken, CancellationToken cancellationToken)
    {
        var fields = await adapter.Hashes.ReadAsync(Crs2Keys.Session(SessionTokens.Hash(sessionToken)), cancellationToken);
        var expiresAt = ExpiryOf(fields);
        return fields.Count > 0 && expiresAt > time.GetUtcNow() ? (fields, expiresAt) : null;
    }

    // The relay's sessions keep the relay's format, which has no place for data of ours.
    private async Task<SessionExpiry> UpdateRelaySessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken)
    {
        if (update.SessionData is not null)
        {
            throw await relay.IsLiveAsync(sessionToken, cancellationToken)
                ? DatabaseError.Invalid("sessionData", "this is a session of the legacy relay, kept in its format: only its expiry can be extended.")
                : Missing();
        }

        var extended = await relay.ExtendAsync(sessionToken, TimeSpan.FromSeconds(update.ExtendTtlSeconds ?? 0), cancellationToken);
        return extended is { } expiresAt ? new SessionExpiry(expiresAt) : throw Missing();
    }

    private static DateTimeOffset ExpiryOf(IReadOnlyDictionary<string, string> fields) =>
        JsValues.ParseIso(fields.GetValueOrDefault("expiresAt")) ?? DateTimeOffset.MinValue;

    // Whole seconds, at least one, so Redis never drops a live session early.
    private static TimeSpan Lifetime(DateTimeOffset expiresAt, DateTimeOffset now) =>
        TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((expiresAt - now).TotalSeconds)));

    private static DatabaseError Missing() => new(DatabaseErrorCode.RecordNotFound, "No live session has this token.");
}
