using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataAccess.Accounts.OAuth;

// When a stored access token is refreshed before it is handed out, and what is handed out when
// that refresh fails: one rule for every backend. Like the legacy relay, a token whose refresh
// failed is still handed out while it works (the token endpoint may be down for a moment, and
// the token has up to RefreshAhead left); an expired one is not, and the failure goes back to
// the caller, which can choose another account.
public sealed partial class AccessTokenRenewal(IOptions<OAuthOptions> options, TimeProvider time, ILogger<AccessTokenRenewal> logger)
{
    public bool IsDue(AccountAccessToken stored) =>
        stored.ExpiresAt is { } expiresAt && expiresAt - options.Value.RefreshAhead <= time.GetUtcNow();

    public DataResult<AccountAccessToken> Outcome(Guid accountId, AccountAccessToken stored, DataResult<RefreshedToken> refreshed)
    {
        if (refreshed.Success)
        {
            return DataResult<AccountAccessToken>.Ok(new AccountAccessToken(refreshed.Data!.AccessToken, refreshed.Data.ExpiresAt) { Proxy = stored.Proxy });
        }

        if (stored.ExpiresAt is { } expiresAt && expiresAt > time.GetUtcNow() && stored.AccessToken.Length > 0)
        {
            LogStoredTokenHandedOut(accountId, expiresAt, refreshed.Code, refreshed.Error);
            return DataResult<AccountAccessToken>.Ok(stored);
        }

        return DataResult<AccountAccessToken>.Fail(new DatabaseError(refreshed.Code!, refreshed.Error!, refreshed.Field));
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refreshing the access token of account {AccountId} failed ({Code}: {Error}); its current token is used until it expires at {ExpiresAt:O}.")]
    private partial void LogStoredTokenHandedOut(Guid accountId, DateTimeOffset expiresAt, string? code, string? error);
}
