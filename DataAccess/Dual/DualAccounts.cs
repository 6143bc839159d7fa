using DataAccess.Accounts;
using DataAccess.Accounts.OAuth;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Stores;
using DataAccess.Postgres;

namespace DataAccess.Dual;

// Accounts on both sides, for the Claude and OpenAI stores. A token is refreshed once, on
// the legacy side under the relay's refresh lock, and the new tokens are copied to
// PostgreSQL; refreshing on both sides would spend the refresh token twice.
internal sealed class DualAccounts(
    LegacyRedisAccounts legacy,
    PostgresAccounts postgres,
    LegacyRedisAdapter adapter,
    PostgresMirror mirror,
    DualWrites writes,
    DualReadSide readSide,
    AccessTokenRenewal renewal)
{
    public Task<DataResult<CreatedAccount>> CreateAsync(LegacyAccountFamily family, CreateAccountRequest request, CancellationToken cancellationToken) =>
        writes.CreateAsync(
            $"{family.Platform}.account.create",
            () => legacy.CreateAsync(family, request, cancellationToken),
            async created => Untyped(await postgres.CreateAsync(family.Platform, request with { Id = created.Id }, cancellationToken)),
            async created =>
            {
                var transaction = adapter.Redis.CreateTransaction();
                _ = transaction.KeyDeleteAsync(family.Key(created.Id.ToString()));
                if (family.SharedSet is { } shared)
                {
                    _ = transaction.SetRemoveAsync(shared, created.Id.ToString());
                }

                await transaction.ExecuteAsync();
            });

    public Task<DataResult<Account>> GetAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken) =>
        readSide == DualReadSide.Redis ? legacy.GetAsync(family, accountId, cancellationToken) : postgres.GetAsync(family.Platform, accountId, cancellationToken);

    public Task<DataResult> UpdateStatusAsync(LegacyAccountFamily family, Guid accountId, string status, AccountStatusUpdate? metadata, CancellationToken cancellationToken) =>
        writes.UpdateAsync(
            $"{family.Platform}.account.status",
            () => legacy.UpdateStatusAsync(family, accountId, status, metadata, cancellationToken),
            () => postgres.UpdateStatusAsync(family.Platform, accountId, status, metadata, cancellationToken));

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAsync(LegacyAccountFamily family, AvailableAccountQuery query, CancellationToken cancellationToken) =>
        readSide == DualReadSide.Redis ? legacy.GetAvailableAsync(family, query, cancellationToken) : postgres.GetAvailableAsync(family.Platform, query, cancellationToken);

    public async Task<DataResult<RefreshedToken>> RefreshAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken)
    {
        var refreshed = await legacy.RefreshAsync(family, accountId, cancellationToken);
        if (!refreshed.Success)
        {
            // A refused refresh marked the legacy account as failing; so is its mirror.
            if (refreshed.Code == DatabaseErrorCode.ConstraintViolation)
            {
                await writes.UpdateAsync(
                    $"{family.Platform}.account.refresh",
                    () => Task.FromResult(DataResult.Ok()),
                    () => postgres.UpdateStatusAsync(family.Platform, accountId, AccountStatus.Error, new AccountStatusUpdate { ErrorMessage = refreshed.Error }, cancellationToken));
            }

            return refreshed;
        }

        return await writes.UpdateAsync(
            $"{family.Platform}.account.refresh",
            () => Task.FromResult(refreshed),
            async () =>
            {
                var record = await legacy.ReadRecordAsync(family, accountId, cancellationToken);
                return record.Success
                    ? await mirror.AdoptTokensAsync(accountId, family.Platform, refreshed.Data!, record.Data!.Secrets.RefreshToken, record.Data.Scopes, cancellationToken)
                    : Untyped(record);
            });
    }

    // The token from the read side; whether it needs refreshing (and can be) from the
    // legacy side, which holds the refresh token that will be used.
    public async Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken)
    {
        var current = readSide == DualReadSide.Redis
            ? Token(await legacy.PeekAccessTokenAsync(family, accountId, cancellationToken))
            : await postgres.GetAccessTokenAsync(family.Platform, accountId, canRefresh: false, cancellationToken);
        if (!current.Success || !family.CanRefresh || !renewal.IsDue(current.Data!)
            || await legacy.PeekAccessTokenAsync(family, accountId, cancellationToken) is not { Success: true, Data.Refreshable: true })
        {
            return current;
        }

        return renewal.Outcome(accountId, current.Data!, await RefreshAsync(family, accountId, cancellationToken));
    }

    private static DataResult<AccountAccessToken> Token(DataResult<(AccountAccessToken Token, bool Refreshable)> peeked) =>
        peeked.Success
            ? DataResult<AccountAccessToken>.Ok(peeked.Data.Token)
            : DataResult<AccountAccessToken>.Fail(new DatabaseError(peeked.Code!, peeked.Error!, peeked.Field));

    private static DataResult Untyped<T>(DataResult<T> result) =>
        result.Success ? DataResult.Ok() : new DataResult { Error = result.Error, Code = result.Code, Field = result.Field };
}
