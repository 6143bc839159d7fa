using DataAccess.Accounts;
using DataAccess.Hybrid;
using DataAccess.Storage;

namespace DataAccess.Announcements;

// A Claude account store, of any backend, whose new and changed accounts are announced on
// the invalidation channel, so that the gateways reread their accounts at once instead of at
// their next periodic reread.
internal sealed class AnnouncedClaudeAccountStore(IClaudeAccountStore inner, CacheInvalidator invalidator) : IClaudeAccountStore
{
    public async Task<DataResult<CreatedAccount>> CreateClaudeAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default)
    {
        var result = await inner.CreateClaudeAccountAsync(request, cancellationToken);
        if (result.Success)
        {
            await AnnounceAsync(result.Data!.Id, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<Account>> GetClaudeAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        inner.GetClaudeAccountAsync(accountId, cancellationToken);

    // Announced whatever the outcome: a failed refresh can leave the account in error.
    public async Task<DataResult<RefreshedToken>> RefreshOAuthTokenAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var result = await inner.RefreshOAuthTokenAsync(accountId, cancellationToken);
        await AnnounceAsync(accountId, cancellationToken);
        return result;
    }

    public async Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default)
    {
        var result = await inner.UpdateAccountStatusAsync(accountId, status, metadata, cancellationToken);
        if (result.Success)
        {
            await AnnounceAsync(accountId, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        inner.GetAvailableAccountsAsync(query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        inner.GetAccessTokenAsync(accountId, cancellationToken);

    private Task AnnounceAsync(Guid accountId, CancellationToken cancellationToken) =>
        invalidator.AnnounceAsync(DataType.Account, [accountId.ToString()], cancellationToken);
}
