using DataAccess.Accounts;

namespace DataAccess.LegacyRedis.Stores;

internal sealed class LegacyRedisClaudeAccountStore(LegacyRedisAccounts accounts) : IClaudeAccountStore
{
    private static readonly LegacyAccountFamily Family = LegacyAccountFamily.Claude;

    public Task<DataResult<CreatedAccount>> CreateClaudeAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default) =>
        accounts.CreateAsync(Family, request, cancellationToken);

    public Task<DataResult<Account>> GetClaudeAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.GetAsync(Family, accountId, cancellationToken);

    public Task<DataResult<RefreshedToken>> RefreshOAuthTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.RefreshAsync(Family, accountId, cancellationToken);

    public Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default) =>
        accounts.UpdateStatusAsync(Family, accountId, status, metadata, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        accounts.GetAvailableAsync(Family, query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.GetAccessTokenAsync(Family, accountId, cancellationToken);
}
