using System.Text.Json;
using DataAccess.Postgres;
using DataAccess.Postgres.Transactions;
using DataAccess.Redis;
using DataAccess.Security;
using DataAccess.Sessions;
using DataAccess.Storage;
using StackExchange.Redis;

namespace DataAccess.Hybrid;

// Sessions in PostgreSQL read through the cache, or (primaryStorage redis) in Redis alone,
// where their TTL does the cleaning. Switching between the two does not move sessions: the
// ones in the store left behind end, and their users log in again. Sessions in Redis alone
// cannot join a transaction; writing them inside one is refused.
internal sealed class HybridSessionStore(
    PostgresSessionStore database,
    HybridCache cache,
    CacheInvalidator invalidator,
    StorageStrategyRegistry strategies,
    IConnectionMultiplexer redis,
    TimeProvider time) : ISessionStore
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly IDatabase _redis = redis.GetDatabase();

    private bool InRedisOnly => strategies.Current(DataType.Session).PrimaryStorage == PrimaryStorage.Redis;

    public Task<DataResult<CreatedSession>> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default) =>
        !InRedisOnly ? database.CreateSessionAsync(request, cancellationToken)
        : JoinedTransaction.Current is null ? CreateInRedisAsync(request, cancellationToken)
        : Task.FromResult(DataResult<CreatedSession>.Fail(CannotJoin()));

    public async Task<DataResult<SessionValidation>> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken = default)
    {
        if (InvalidToken(sessionToken) is { } invalid)
        {
            return DataResult<SessionValidation>.Fail(invalid);
        }

        var cacheKey = CacheKeys.Session(SessionTokens.Hash(sessionToken));
        var result = await cache.ReadAsync(DataType.Session, cacheKey, token => database.ValidateSessionAsync(sessionToken, token), cancellationToken,
            session => session.ExpiresAt - time.GetUtcNow());
        if (result.Success && result.Data!.ExpiresAt <= time.GetUtcNow())
        {
            // Cached while live, or loaded expired: isValid false with its expiry.
            return DataResult<SessionValidation>.Ok(SessionValidation.Expired(result.Data.UserId, result.Data.UserType, result.Data.ExpiresAt));
        }

        // In Redis alone a missing entry is simply no session.
        return !result.Success && result.Code == DatabaseErrorCode.CacheMiss && InRedisOnly
            ? DataResult<SessionValidation>.Fail(new DatabaseError(DatabaseErrorCode.RecordNotFound, "No live session has this token."))
            : result;
    }

    public async Task<DataResult<SessionExpiry>> UpdateSessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken = default)
    {
        if (InRedisOnly)
        {
            return JoinedTransaction.Current is null
                ? await UpdateInRedisAsync(sessionToken, update, cancellationToken)
                : DataResult<SessionExpiry>.Fail(CannotJoin());
        }

        var result = await database.UpdateSessionAsync(sessionToken, update, cancellationToken);
        if (result.Success)
        {
            await InvalidateAsync(sessionToken, cancellationToken);
        }

        return result;
    }

    public async Task<DataResult> DeleteSessionAsync(string sessionToken, CancellationToken cancellationToken = default)
    {
        if (InRedisOnly)
        {
            if ((InvalidToken(sessionToken) ?? (JoinedTransaction.Current is null ? null : CannotJoin())) is { } refused)
            {
                return DataResult.Fail(refused);
            }

            return await _redis.KeyDeleteAsync(CacheKeys.Session(SessionTokens.Hash(sessionToken)))
                ? DataResult.Ok()
                : DataResult.Fail(new DatabaseError(DatabaseErrorCode.RecordNotFound, "No session has this token."));
        }

        var result = await database.DeleteSessionAsync(sessionToken, cancellationToken);
        if (result.Success)
        {
            await InvalidateAsync(sessionToken, cancellationToken);
        }

        return result;
    }

    // Sessions that live in Redis alone expire by their TTL; this cleans PostgreSQL.
    public Task<DataResult<SessionCleanupResult>> CleanupExpiredSessionsAsync(CancellationToken cancellationToken = default) =>
        database.CleanupExpiredSessionsAsync(cancellationToken);

    private async Task<DataResult<CreatedSession>> CreateInRedisAsync(CreateSessionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            SessionRules.ValidateCreate(request);
            var now = time.GetUtcNow();
            var sessionToken = SessionTokens.Generate();
            var ttl = TimeSpan.FromSeconds(request.TtlSeconds ?? SessionRules.DefaultTtlSeconds);
            var session = new SessionValidation(request.UserId, request.UserType, request.SessionData ?? EmptyObject(), now + ttl, IsValid: true);
            await _redis.StringSetAsync(CacheKeys.Session(SessionTokens.Hash(sessionToken)), JsonSerializer.SerializeToUtf8Bytes(session, s_json), ttl);
            return DataResult<CreatedSession>.Ok(new CreatedSession(sessionToken, session.ExpiresAt));
        }
        catch (DatabaseError error)
        {
            return DataResult<CreatedSession>.Fail(error);
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            return DataResult<CreatedSession>.Fail(new DatabaseError(DatabaseErrorCode.CacheError, $"The session could not be stored: {exception.Message}", innerException: exception));
        }
    }

    private async Task<DataResult<SessionExpiry>> UpdateInRedisAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken)
    {
        try
        {
            SessionRules.ValidateToken(sessionToken);
            SessionRules.ValidateUpdate(update);
            var cacheKey = CacheKeys.Session(SessionTokens.Hash(sessionToken));
            var session = await cache.TryGetAsync<SessionValidation>(DataType.Session, cacheKey, failHard: true, cancellationToken)
                ?? throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No live session has this token.");
            var updated = session with
            {
                SessionData = update.SessionData ?? session.SessionData,
                ExpiresAt = session.ExpiresAt.AddSeconds(update.ExtendTtlSeconds ?? 0),
            };
            var ttl = updated.ExpiresAt - time.GetUtcNow();
            if (ttl <= TimeSpan.Zero)
            {
                throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No live session has this token.");
            }

            await _redis.StringSetAsync(cacheKey, JsonSerializer.SerializeToUtf8Bytes(updated, s_json), ttl);
            return DataResult<SessionExpiry>.Ok(new SessionExpiry(updated.ExpiresAt));
        }
        catch (DatabaseError error)
        {
            return DataResult<SessionExpiry>.Fail(error);
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            return DataResult<SessionExpiry>.Fail(new DatabaseError(DatabaseErrorCode.CacheError, $"The session could not be updated: {exception.Message}", innerException: exception));
        }
    }

    private Task InvalidateAsync(string sessionToken, CancellationToken cancellationToken)
    {
        var hash = SessionTokens.Hash(sessionToken);
        return invalidator.InvalidateAsync(DataType.Session, [CacheKeys.Session(hash)], [hash], cancellationToken);
    }

    private static DatabaseError? InvalidToken(string sessionToken)
    {
        try
        {
            SessionRules.ValidateToken(sessionToken);
            return null;
        }
        catch (DatabaseError error)
        {
            return error;
        }
    }

    private static DatabaseError CannotJoin() => new(DatabaseErrorCode.InvalidQuery,
        "sessions live in Redis alone under the current storage strategy (primaryStorage redis), which has no transactions; write them outside the transaction or switch the strategy to postgres.");

    private static JsonElement EmptyObject() => JsonDocument.Parse("{}").RootElement.Clone();
}
