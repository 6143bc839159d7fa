namespace DataAccess.Postgres.Entities;

// A row of accounts.
internal sealed class AccountEntity
{
    public Guid Id { get; set; }

    public string Platform { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string Status { get; set; } = "active";

    public string AccountType { get; set; } = "shared";

    public int Priority { get; set; } = 50;

    public bool Schedulable { get; set; } = true;

    public bool IsActive { get; set; } = true;

    public string? Proxy { get; set; }

    public byte[]? Secrets { get; set; }

    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset? TokenExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? LastRefreshAt { get; set; }

    public DateTimeOffset? RateLimitedAt { get; set; }

    public DateTimeOffset? RateLimitResetAt { get; set; }

    public long? RateLimitRemaining { get; set; }

    public string? ErrorMessage { get; set; }

    public string? SubscriptionInfo { get; set; }

    public DateTimeOffset? SessionWindowStart { get; set; }

    public DateTimeOffset? SessionWindowEnd { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string Extra { get; set; } = "{}";
}
