using System.Text.Json;
using DataAccess.Postgres.Entities;
using DataAccess.Security;
using DataAccess.Sessions;
using Microsoft.EntityFrameworkCore;

namespace DataAccess.Postgres;

// Sessions in PostgreSQL, keyed by the hash of their token. Until the cleanup job deletes
// it, an expired session validates as isValid: false with its expiry (as the seed has it)
// and is absent for every other operation.
internal sealed class PostgresSessionStore(
    IDbContextFactory<RelayDbContext> contexts,
    OperationRunner runner,
    TimeProvider time) : ISessionStore
{
    public Task<DataResult<CreatedSession>> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateCreate(request);
            var now = time.GetUtcNow();
            var sessionToken = SessionTokens.Generate();
            var entity = new SessionEntity
            {
                TokenHash = SessionTokens.Hash(sessionToken),
                UserId = request.UserId,
                UserType = request.UserType,
                Data = request.SessionData?.GetRawText() ?? "{}",
                IpAddress = request.IpAddress,
                UserAgent = request.UserAgent,
                CreatedAt = now,
                ExpiresAt = now.AddSeconds(request.TtlSeconds ?? SessionRules.DefaultTtlSeconds),
            };
            await using var context = await contexts.CreateDbContextAsync(token);
            context.Sessions.Add(entity);
            await context.SaveChangesAsync(token);
            return new CreatedSession(sessionToken, entity.ExpiresAt);
        }, cancellationToken);

    public Task<DataResult<SessionValidation>> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateToken(sessionToken);
            var hash = SessionTokens.Hash(sessionToken);
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await context.Sessions.AsNoTracking().SingleOrDefaultAsync(session => session.TokenHash == hash, token)
                ?? throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No session has this token.");
            return entity.ExpiresAt > time.GetUtcNow()
                ? new SessionValidation(entity.UserId, entity.UserType, JsonDocument.Parse(entity.Data).RootElement.Clone(), entity.ExpiresAt, IsValid: true)
                : SessionValidation.Expired(entity.UserId, entity.UserType, entity.ExpiresAt);
        }, cancellationToken);

    public Task<DataResult<SessionExpiry>> UpdateSessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateToken(sessionToken);
            SessionRules.ValidateUpdate(update);
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await FindLiveAsync(context, sessionToken, token);
            if (update.SessionData is { } data)
            {
                entity.Data = data.GetRawText();
            }

            if (update.ExtendTtlSeconds is { } seconds)
            {
                entity.ExpiresAt = entity.ExpiresAt.AddSeconds(seconds);
            }

            entity.UpdatedAt = time.GetUtcNow();
            await context.SaveChangesAsync(token);
            return new SessionExpiry(entity.ExpiresAt);
        }, cancellationToken);

    public Task<DataResult> DeleteSessionAsync(string sessionToken, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            SessionRules.ValidateToken(sessionToken);
            var hash = SessionTokens.Hash(sessionToken);
            await using var context = await contexts.CreateDbContextAsync(token);
            if (await context.Sessions.Where(session => session.TokenHash == hash).ExecuteDeleteAsync(token) == 0)
            {
                throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No session has this token.");
            }
        }, cancellationToken);

    public Task<DataResult<SessionCleanupResult>> CleanupExpiredSessionsAsync(CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            await using var context = await contexts.CreateDbContextAsync(token);
            var deleted = await context.Sessions.Where(session => session.ExpiresAt <= now).ExecuteDeleteAsync(token);
            return new SessionCleanupResult(deleted);
        }, cancellationToken);

    private async Task<SessionEntity> FindLiveAsync(RelayDbContext context, string sessionToken, CancellationToken cancellationToken)
    {
        var hash = SessionTokens.Hash(sessionToken);
        var now = time.GetUtcNow();
        return await context.Sessions.SingleOrDefaultAsync(session => session.TokenHash == hash && session.ExpiresAt > now, cancellationToken)
            ?? throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No live session has this token.");
    }
}
