using DataAccess.LegacyRedis.Stores;
using DataAccess.Postgres;
using DataAccess.Security;
using DataAccess.Sessions;

namespace DataAccess.Dual;

// Sessions on both sides under one token: the legacy side makes it, and the PostgreSQL row
// is moved to its hash and expiry.
internal sealed class DualSessionStore(
    LegacyRedisSessionStore legacy,
    PostgresSessionStore postgres,
    PostgresMirror mirror,
    DualWrites writes,
    DualReadSide readSide) : ISessionStore
{
    private ISessionStore Reader => readSide == DualReadSide.Redis ? legacy : postgres;

    public Task<DataResult<CreatedSession>> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default) =>
        writes.CreateAsync(
            "session.create",
            () => legacy.CreateSessionAsync(request, cancellationToken),
            async created =>
            {
                var mirrored = await postgres.CreateSessionAsync(request, cancellationToken);
                if (!mirrored.Success)
                {
                    return new DataResult { Error = mirrored.Error, Code = mirrored.Code, Field = mirrored.Field };
                }

                var adopted = await mirror.AdoptSessionAsync(
                    SessionTokens.Hash(mirrored.Data!.SessionToken), SessionTokens.Hash(created.SessionToken), created.ExpiresAt, cancellationToken);
                if (!adopted.Success)
                {
                    await postgres.DeleteSessionAsync(mirrored.Data.SessionToken, cancellationToken);
                }

                return adopted;
            },
            async created => (await legacy.DeleteSessionAsync(created.SessionToken, cancellationToken)).EnsureSuccess());

    public Task<DataResult<SessionValidation>> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        Reader.ValidateSessionAsync(sessionToken, cancellationToken);

    public Task<DataResult<SessionExpiry>> UpdateSessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken = default) =>
        writes.UpdateAsync(
            "session.update",
            () => legacy.UpdateSessionAsync(sessionToken, update, cancellationToken),
            async () =>
            {
                var mirrored = await postgres.UpdateSessionAsync(sessionToken, update, cancellationToken);
                return mirrored.Success ? DataResult.Ok() : new DataResult { Error = mirrored.Error, Code = mirrored.Code, Field = mirrored.Field };
            });

    public Task<DataResult> DeleteSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        writes.DeleteAsync(
            "session.delete",
            () => legacy.DeleteSessionAsync(sessionToken, cancellationToken),
            () => postgres.DeleteSessionAsync(sessionToken, cancellationToken));

    // Both sides clean up; the count is the read side's.
    public async Task<DataResult<SessionCleanupResult>> CleanupExpiredSessionsAsync(CancellationToken cancellationToken = default)
    {
        var legacyCleanup = await legacy.CleanupExpiredSessionsAsync(cancellationToken);
        var postgresCleanup = await postgres.CleanupExpiredSessionsAsync(cancellationToken);
        return readSide == DualReadSide.Redis ? legacyCleanup : postgresCleanup;
    }
}
