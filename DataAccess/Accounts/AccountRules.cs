namespace DataAccess.Accounts;

public static class AccountRules
{
    private static readonly HashSet<string> s_accountTypes = new(StringComparer.Ordinal) { "shared", "dedicated", "group" };
    private static readonly HashSet<string> s_proxyTypes = new(StringComparer.Ordinal) { "http", "https", "socks5" };

    public static void ValidateCreate(CreateAccountRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            throw DatabaseError.Invalid("name", "is required and must be at most 200 characters.");
        }

        if (request.Description is { Length: > 2000 })
        {
            throw DatabaseError.Invalid("description", "must be at most 2000 characters.");
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

        if (request.Priority is < 1 or > 100)
        {
            throw DatabaseError.Invalid("priority", "must be between 1 and 100.");
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

            if (proxy.Port is < 1 or > 65535)
            {
                throw DatabaseError.Invalid("proxyConfig.port", "must be between 1 and 65535.");
            }
        }
    }

    public static void ValidateStatus(string status, AccountStatusUpdate? metadata, DateTimeOffset now)
    {
        if (!AccountStatus.Settable.Contains(status))
        {
            throw DatabaseError.Invalid("status", $"must be one of {string.Join(", ", AccountStatus.Settable)}.");
        }

        if (metadata?.RateLimitResetAt is { } reset && reset <= now)
        {
            throw DatabaseError.Invalid("rateLimitResetAt", "must be in the future.");
        }

        if (metadata?.ErrorMessage is { Length: > 2000 })
        {
            throw DatabaseError.Invalid("errorMessage", "must be at most 2000 characters.");
        }

        if (metadata?.RateLimitRemaining is < 0)
        {
            throw DatabaseError.Invalid("rateLimitRemaining", "must not be negative.");
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
