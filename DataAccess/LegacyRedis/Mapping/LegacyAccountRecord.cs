using DataAccess.Accounts;

namespace DataAccess.LegacyRedis.Mapping;

// One legacy account hash read into our terms: its state, its secrets in clear, and every
// field neither of those holds.
public sealed record LegacyAccountRecord
{
    public required Guid Id { get; init; }

    public required string Platform { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    // As stored: active, created, error, unauthorized, blocked, ...
    public required string Status { get; init; }

    public string AccountType { get; init; } = "shared";

    public int Priority { get; init; } = 50;

    public bool Schedulable { get; init; } = true;

    public bool IsActive { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public ProxyConfig? Proxy { get; init; }

    public DateTimeOffset? TokenExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? LastRefreshAt { get; init; }

    public DateTimeOffset? RateLimitedAt { get; init; }

    public DateTimeOffset? RateLimitEndAt { get; init; }

    // rateLimitStatus = "limited" (stale values survive HSET merges; read with the timestamps).
    public bool RateLimitFlag { get; init; }

    public string? ErrorMessage { get; init; }

    public string? SubscriptionInfo { get; init; }

    public DateTimeOffset? SessionWindowStart { get; init; }

    public DateTimeOffset? SessionWindowEnd { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public required AccountSecrets Secrets { get; init; }

    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    // Whether it is rate limited now, by the legacy rule (§5.6): limited, with a start, and
    // before its end (an hour after the start when no end was stored).
    public bool IsRateLimited(DateTimeOffset now) =>
        RateLimitFlag && RateLimitedAt is { } start && now < (RateLimitEndAt ?? start.AddHours(1));
}
