using DataAccess.Accounts;
using DataAccess.Postgres;
using DataAccess.Storage;

namespace DataAccess.Hybrid;

internal sealed class HybridOpenAiAccountStore(PostgresOpenAiAccountStore database, HybridCache cache, CacheInvalidator invalidator) : IOpenAiAccountStore
{
    public async Task<DataResult<CreatedAccount>> CreateOpenAiAccountAsync(CreateAccountRequest request, CancellationToken cancellationToken = default)
    {
        var result = await database.CreateOpenAiAccountAsync(request, cancellationToken);
        if (result.Success)
        {
            await InvalidateAsync(result.Data!.Id, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<Account>> GetOpenAiAccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        cache.ReadAsync(DataType.Account, CacheKeys.Account(AccountPlatform.OpenAi, accountId), token => database.GetOpenAiAccountAsync(accountId, token), cancellationToken);

    public async Task<DataResult> UpdateAccountStatusAsync(Guid accountId, string status, AccountStatusUpdate? metadata = null, CancellationToken cancellationToken = default)
    {
        var result = await database.UpdateAccountStatusAsync(accountId, status, metadata, cancellationToken);
        if (result.Success)
        {
            await InvalidateAsync(accountId, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAccountsAsync(AvailableAccountQuery query, CancellationToken cancellationToken = default) =>
        database.GetAvailableAccountsAsync(query, cancellationToken);

    public Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        database.GetAccessTokenAsync(accountId, cancellationToken);

    private Task InvalidateAsync(Guid accountId, CancellationToken cancellationToken) =>
        invalidator.InvalidateAsync(DataType.Account, [CacheKeys.Account(AccountPlatform.OpenAi, accountId)], [accountId.ToString()], cancellationToken);
}
