using DataAccess.Accounts;

namespace DataAccess.Postgres;

internal sealed class PostgresClaudeAccountStore(PostgresAccounts accounts) : IClaudeAccountStore
{
    public Task<DataResult<CreatedAccount>> CreateClaudeAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default) =>
        accounts.CreateAsync(AccountPlatform.Claude, request, cancellationToken);

    public Task<DataResult<Account>> GetClaudeAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.GetAsync(AccountPlatform.Claude, accountId, cancellationToken);

    public Task<DataResult<RefreshedToken>> RefreshOAuthTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.RefreshAsync(AccountPlatform.Claude, accountId, cancellationToken);

    public Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default) =>
        accounts.UpdateStatusAsync(AccountPlatform.Claude, accountId, status, metadata, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        accounts.GetAvailableAsync(AccountPlatform.Claude, query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.GetAccessTokenAsync(AccountPlatform.Claude, accountId, canRefresh: true, cancellationToken);
}
