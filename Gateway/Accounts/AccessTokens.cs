using System.Collections.Concurrent;
using DataAccess;
using DataAccess.Accounts;

namespace Gateway.Accounts;

// Access tokens of the accounts (with their proxies, passwords included), kept in process
// until a minute before they expire. A missing or expiring token is fetched once per account
// however many requests wait for it; the DataService refreshes it first when it expires
// within a minute, one refresh per account across all callers (it locks the account's row
// while the token endpoint answers).
public sealed class AccessTokens(IClaudeAccountStore accounts, TimeProvider time)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    // Tokens without a known expiry are read again after this long.
    private static readonly TimeSpan UnknownExpiryLifetime = TimeSpan.FromMinutes(5);

    // A token handed out within its last minute is one the DataService could not refresh (it
    // hands the current one out until it expires): used until then, asked for again this
    // often rather than on every request.
    private static readonly TimeSpan FailedRefreshRecheck = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, (AccountAccessToken Token, DateTimeOffset UseUntil)> _tokens = new();
    private readonly ConcurrentDictionary<Guid, Lazy<Task<DataResult<AccountAccessToken>>>> _fetches = new();

    public ValueTask<DataResult<AccountAccessToken>> GetAsync(Guid accountId)
    {
        if (_tokens.TryGetValue(accountId, out var cached) && cached.UseUntil > time.GetUtcNow())
        {
            return ValueTask.FromResult(DataResult<AccountAccessToken>.Ok(cached.Token));
        }

        return new ValueTask<DataResult<AccountAccessToken>>(FetchAsync(accountId));
    }

    public void Forget(Guid accountId) => _tokens.TryRemove(accountId, out _);

    private async Task<DataResult<AccountAccessToken>> FetchAsync(Guid accountId)
    {
        var fetch = _fetches.GetOrAdd(accountId, id => new Lazy<Task<DataResult<AccountAccessToken>>>(() => LoadAsync(id)));
        try
        {
            return await fetch.Value;
        }
        finally
        {
            _fetches.TryRemove(new KeyValuePair<Guid, Lazy<Task<DataResult<AccountAccessToken>>>>(accountId, fetch));
        }
    }

    private async Task<DataResult<AccountAccessToken>> LoadAsync(Guid accountId)
    {
        var result = await accounts.GetAccessTokenAsync(accountId);
        if (result.Success)
        {
            var now = time.GetUtcNow();
            var useUntil = result.Data!.ExpiresAt is not { } expiresAt ? now + UnknownExpiryLifetime
                : expiresAt - RefreshMargin > now ? expiresAt - RefreshMargin
                : Min(expiresAt, now + FailedRefreshRecheck);
            _tokens[accountId] = (result.Data, useUntil);
        }

        return result;
    }

    private static DateTimeOffset Min(DateTimeOffset first, DateTimeOffset second) => first < second ? first : second;
}
