using DataAccess.Validation;

namespace DataAccess.Accounts;

public static class AccountRules
{
    public const int MaxNameLength = 200;

    private static readonly HashSet<string> s_accountTypes = new(StringComparer.Ordinal) { "shared", "dedicated", "group" };
    private static readonly HashSet<string> s_proxyTypes = new(StringComparer.Ordinal) { "http", "https", "socks5" };

    public static void ValidateCreate(CreateAccountRequest request, DateTimeOffset now)
    {
        InputRules.Validate(request);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw DatabaseError.Invalid("name", "is required.");
        }

        if (request.Id == Guid.Empty)
        {
            throw DatabaseError.Invalid("id", "must not be the empty UUID.");
        }

        if (request.OAuthData is null || string.IsNullOrWhiteSpace(request.OAuthData.AccessToken))
        {
            throw DatabaseError.Invalid("oauthData.accessToken", "is required.");
        }

        if (request.OAuthData.ExpiresAt is { } expiresAt && expiresAt.Year < 2000)
        {
            throw DatabaseError.Invalid("oauthData.expiresAt", "is not a plausible expiry.");
        }

        if (request.AccountType is { } type && !s_accountTypes.Contains(type))
        {
            throw DatabaseError.Invalid("accountType", $"must be one of {string.Join(", ", s_accountTypes)}.");
        }

        if (request.ProxyConfig is { } proxy)
        {
            if (!s_proxyTypes.Contains(proxy.Type))
            {
                throw DatabaseError.Invalid("proxyConfig.type", $"must be one of {string.Join(", ", s_proxyTypes)}.");
            }

            if (string.IsNullOrWhiteSpace(proxy.Host))
            {
                throw DatabaseError.Invalid("proxyConfig.host", "is required.");
            }
        }
    }

    public static void ValidateStatus(string status, AccountStatusUpdate? metadata, DateTimeOffset now)
    {
        InputRules.Validate(status, "status");
        InputRules.Validate(metadata, "metadata");
        if (!AccountStatus.Settable.Contains(status))
        {
            throw DatabaseError.Invalid("status", $"must be one of {string.Join(", ", AccountStatus.Settable)}.");
        }

        if (metadata?.RateLimitResetAt is { } reset && reset <= now)
        {
            throw DatabaseError.Invalid("rateLimitResetAt", "must be in the future.");
        }

    }

    public static void Validate(AvailableAccountQuery query)
    {
        if (query.Status is { } status && !AccountStatus.Settable.Contains(status))
        {
            throw DatabaseError.Invalid("status", $"must be one of {string.Join(", ", AccountStatus.Settable)}.");
        }

        if (query.MinTokensRemaining is < 0)
        {
            throw DatabaseError.Invalid("minTokensRemaining", "must not be negative.");
        }
    }

    // An account switched off (isActive false) is unusable whatever status it stores: the
    // relay's scheduler skips it, so every backend shows it as inactive.
    public static string StatusShown(string storedStatus, bool isActive) =>
        isActive ? storedStatus : AccountStatus.Inactive;

    // A rate limit without a known end lasts an hour, as the legacy system assumes.
    public static bool IsRateLimited(string status, DateTimeOffset? limitedAt, DateTimeOffset? resetAt, DateTimeOffset now) =>
        resetAt is { } end ? end > now
        : status == AccountStatus.RateLimited && (limitedAt ?? now).AddHours(1) > now;
}
