using DataAccess.Accounts;

namespace DataAccess.Remote;

internal sealed class RemoteClaudeAccountStore(DataServiceClient client) : IClaudeAccountStore
{
    private readonly RemoteAccounts _accounts = new(client, "claude");

    public Task<DataResult<CreatedAccount>> CreateClaudeAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default) =>
        _accounts.CreateAsync(request, cancellationToken);

    public Task<DataResult<Account>> GetClaudeAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        _accounts.GetAsync(accountId, cancellationToken);

    public Task<DataResult<RefreshedToken>> RefreshOAuthTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        _accounts.RefreshAsync(accountId, cancellationToken);

    public Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default) =>
        _accounts.UpdateStatusAsync(accountId, status, metadata, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        _accounts.GetAvailableAsync(query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        _accounts.GetAccessTokenAsync(accountId, cancellationToken);
}
