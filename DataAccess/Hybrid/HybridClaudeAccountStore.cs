using DataAccess.Accounts;
using DataAccess.Postgres;
using DataAccess.Storage;

namespace DataAccess.Hybrid;

// Accounts are read through the cache; lists of available accounts and access tokens are
// not (lists change with every status update, and secrets never go into Redis). A changed
// account leaves the cache; the gateways hear of new and changed accounts from
// AnnouncedClaudeAccountStore, as with every backend.
internal sealed class HybridClaudeAccountStore(PostgresClaudeAccountStore database, HybridCache cache, CacheInvalidator invalidator) : IClaudeAccountStore
{
    public Task<DataResult<CreatedAccount>> CreateClaudeAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default) =>
        database.CreateClaudeAccountAsync(request, cancellationToken);

    public Task<DataResult<Account>> GetClaudeAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        cache.ReadAsync(DataType.Account, CacheKeys.Account(AccountPlatform.Claude, accountId), token => database.GetClaudeAccountAsync(accountId, token), cancellationToken);

    public async Task<DataResult<RefreshedToken>> RefreshOAuthTokenAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var result = await database.RefreshOAuthTokenAsync(accountId, cancellationToken);
        await RemoveFromCacheAsync(accountId, cancellationToken);
        return result;
    }

    public async Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default)
    {
        var result = await database.UpdateAccountStatusAsync(accountId, status, metadata, cancellationToken);
        if (result.Success)
        {
            await RemoveFromCacheAsync(accountId, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        database.GetAvailableAccountsAsync(query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        database.GetAccessTokenAsync(accountId, cancellationToken);

    // A failed refresh can still change the account (it is marked as failing).
    private Task RemoveFromCacheAsync(Guid accountId, CancellationToken cancellationToken) =>
        invalidator.RemoveAsync(DataType.Account, [CacheKeys.Account(AccountPlatform.Claude, accountId)], [accountId.ToString()], cancellationToken);
}
