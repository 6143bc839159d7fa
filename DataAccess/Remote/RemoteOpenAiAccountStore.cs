using DataAccess.Accounts;

namespace DataAccess.Remote;

internal sealed class RemoteOpenAiAccountStore(DataServiceClient client) : IOpenAiAccountStore
{
    private readonly RemoteAccounts _accounts = new(client, "openai");

    public Task<DataResult<CreatedAccount>> CreateOpenAiAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default) =>
        _accounts.CreateAsync(request, cancellationToken);

    public Task<DataResult<Account>> GetOpenAiAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        _accounts.GetAsync(accountId, cancellationToken);

    public Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default) =>
        _accounts.UpdateStatusAsync(accountId, status, metadata, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        _accounts.GetAvailableAsync(query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        _accounts.GetAccessTokenAsync(accountId, cancellationToken);
}
