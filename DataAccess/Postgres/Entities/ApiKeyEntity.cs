namespace DataAccess.Postgres.Entities;

// A row of api_keys.
internal sealed class ApiKeyEntity
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string KeyHash { get; set; } = "";

    public long TokenLimit { get; set; }

    public int ConcurrencyLimit { get; set; }

    public int RateLimitWindowMinutes { get; set; }

    public int RateLimitRequests { get; set; }

    public decimal DailyCostLimit { get; set; }

    public string Permissions { get; set; } = "all";

    public bool EnableModelRestriction { get; set; }

    public List<string> RestrictedModels { get; set; } = [];

    public bool EnableClientRestriction { get; set; }

    public List<string> AllowedClients { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public string? ClaudeAccountId { get; set; }

    public string? ClaudeConsoleAccountId { get; set; }

    public string? GeminiAccountId { get; set; }

    public string? OpenaiAccountId { get; set; }

    public string? BedrockAccountId { get; set; }

    public bool IsActive { get; set; } = true;

    public string CreatedBy { get; set; } = "admin";

    public string? UserId { get; set; }

    public string? UserUsername { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public bool IsDeleted { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }

    public string? DeletedByType { get; set; }

    public string Extra { get; set; } = "{}";
}
