namespace DataAccess.Accounts;

// Claude OAuth accounts (seed 003 ClaudeAccountInterface). Secrets are encrypted at rest and
// never returned by reads; GetAccessTokenAsync exists for the gateway, which must send the
// token upstream.
public interface IClaudeAccountStore
{
    Task<DataResult<CreatedAccount>> CreateClaudeAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default);

    Task<DataResult<Account>> GetClaudeAccountAsync(Guid accountId, CancellationToken cancellationToken = default);

    // Exchanges the stored refresh token at the configured OAuth token endpoint and stores
    // the new tokens. Concurrent calls for one account refresh once.
    Task<DataResult<RefreshedToken>> RefreshOAuthTokenAsync(Guid accountId, CancellationToken cancellationToken = default);

    Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default);

    Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default);

    // The current access token, refreshed first when it expires within a minute.
    Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default);
}
