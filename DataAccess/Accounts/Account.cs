using System.ComponentModel.DataAnnotations;
using DataAccess.Validation;

namespace DataAccess.Accounts;

// An upstream account as reads return it: state and usage, never its secrets.
public sealed record Account
{
    public required Guid Id { get; init; }

    public required string Platform { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required string Status { get; init; }

    public string AccountType { get; init; } = "shared";

    public int Priority { get; init; } = 50;

    public bool Schedulable { get; init; } = true;

    public bool IsActive { get; init; } = true;

    public DateTimeOffset? TokenExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? LastRefreshAt { get; init; }

    [MaxLength(InputLimits.LongTextLength)]
    public string? ErrorMessage { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    // The proxy without its password.
    public ProxySummary? Proxy { get; init; }

    // The account groups (legacy account_group_members) it is a member of; a key bound to
    // "group:{id}" is served by the group's members.
    public IReadOnlyList<Guid> GroupIds { get; init; } = [];

    // What the upstream profile says about the account's plan, when known.
    public AccountSubscription? Subscription { get; init; }

    public required AccountRateLimitStatus RateLimitStatus { get; init; }

    public required AccountUsageStats UsageStats { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record ProxySummary(string Type, string Host, int Port, string? Username, bool HasPassword);

// Remaining is what the upstream last reported (null when unknown); ResetAt is when a rate
// limit ends.
public sealed record AccountRateLimitStatus(bool IsRateLimited, long? Remaining, DateTimeOffset? ResetAt);

public sealed record AccountUsageStats(long TotalRequests, long TotalTokens, decimal TotalCost);

public sealed record RefreshedToken(string AccessToken, DateTimeOffset ExpiresAt, DateTimeOffset RefreshedAt);

// What the gateway needs to send a request upstream with the account: its token and its
// proxy, password included (secrets, so only the gateway's access-token read returns them).
public sealed record AccountAccessToken(string AccessToken, DateTimeOffset? ExpiresAt)
{
    public ProxyConfig? Proxy { get; init; }
}

public sealed record AccountStatusUpdate
{
    public DateTimeOffset? RateLimitResetAt { get; init; }

    public string? ErrorMessage { get; init; }

    public DateTimeOffset? LastRequestAt { get; init; }

    [Range(0, long.MaxValue)]
    public long? RateLimitRemaining { get; init; }
}

public sealed record AvailableAccountQuery
{
    public string? Status { get; init; }

    // Only accounts that are not rate limited now.
    public bool? RateLimitAvailable { get; init; }

    // Only accounts the upstream last reported at least this many tokens left for (accounts
    // with nothing reported yet pass).
    public long? MinTokensRemaining { get; init; }

    // Every account of the platform whatever its state (switched off, paused, in error, rate
    // limited), for counting accounts by state; the other conditions are then ignored.
    public bool? AnyState { get; init; }
}

public static class AccountStatus
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string RateLimited = "rate_limited";
    public const string Error = "error";

    // The contract's statuses; migrated legacy accounts may also be created, unauthorized
    // or blocked.
    public static readonly IReadOnlySet<string> Settable = new HashSet<string>(StringComparer.Ordinal) { Active, Inactive, RateLimited, Error };
}

public static class AccountPlatform
{
    public const string Claude = "claude";
    public const string ClaudeConsole = "claude-console";
    public const string OpenAi = "openai";
    public const string Gemini = "gemini";
    public const string Bedrock = "bedrock";
}
