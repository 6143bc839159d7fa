namespace DataAccess.Accounts;

// OpenAI accounts: the Claude account lifecycle without token refresh.
public interface IOpenAiAccountStore
{
    Task<DataResult<CreatedAccount>> CreateOpenAiAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default);

    Task<DataResult<Account>> GetOpenAiAccountAsync(Guid accountId, CancellationToken cancellationToken = default);

    Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default);

    Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default);

    Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default);
}
