using DataAccess.Accounts;

namespace DataAccess.Postgres;

internal sealed class PostgresOpenAiAccountStore(PostgresAccounts accounts) : IOpenAiAccountStore
{
    public Task<DataResult<CreatedAccount>> CreateOpenAiAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default) =>
        accounts.CreateAsync(AccountPlatform.OpenAi, request, cancellationToken);

    public Task<DataResult<Account>> GetOpenAiAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.GetAsync(AccountPlatform.OpenAi, accountId, cancellationToken);

    public Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default) =>
        accounts.UpdateStatusAsync(AccountPlatform.OpenAi, accountId, status, metadata, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        accounts.GetAvailableAsync(AccountPlatform.OpenAi, query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        accounts.GetAccessTokenAsync(AccountPlatform.OpenAi, accountId, canRefresh: false, cancellationToken);
}
