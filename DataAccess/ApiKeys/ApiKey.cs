namespace DataAccess.ApiKeys;

// Everything stored about a key except its hash. Every field of the legacy key is here.
public sealed record ApiKey
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public ApiKeyLimits Limits { get; init; } = new();

    // all | claude | gemini | openai (keys created by web users may say "messages").
    public string Permissions { get; init; } = ApiKeyPermissions.All;

    public ApiKeyRestrictions Restrictions { get; init; } = new();

    public IReadOnlyList<string> Tags { get; init; } = [];

    public AccountBindings AccountBindings { get; init; } = new();

    public bool IsActive { get; init; } = true;

    public string CreatedBy { get; init; } = "admin";

    public string? UserId { get; init; }

    public string? UserUsername { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsDeleted { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    public string? DeletedBy { get; init; }
}

// Zero means "no limit" for every limit, as in the legacy system.
public sealed record ApiKeyLimits
{
    // Tokens per rate-limit window.
    public long TokenLimit { get; init; }

    public int ConcurrencyLimit { get; init; }

    public int RateLimitWindowMinutes { get; init; }

    public int RateLimitRequests { get; init; }

    // USD per day.
    public decimal DailyCostLimit { get; init; }
}

public sealed record ApiKeyRestrictions
{
    // When enabled, requests for these models are refused (a deny list, as upstream does on
    // Claude routes).
    public bool EnableModelRestriction { get; init; }

    public IReadOnlyList<string> RestrictedModels { get; init; } = [];

    // When enabled, only these clients (claude_code, gemini_cli) may use the key.
    public bool EnableClientRestriction { get; init; }

    public IReadOnlyList<string> AllowedClients { get; init; } = [];
}

// Upstream accounts a key is bound to: an account id, "group:{groupId}", or null.
public sealed record AccountBindings
{
    public string? ClaudeAccountId { get; init; }

    public string? ClaudeConsoleAccountId { get; init; }

    public string? GeminiAccountId { get; init; }

    public string? OpenAiAccountId { get; init; }

    public string? BedrockAccountId { get; init; }
}

public static class ApiKeyPermissions
{
    public const string All = "all";
    public const string Claude = "claude";
    public const string Gemini = "gemini";
    public const string OpenAi = "openai";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { All, Claude, Gemini, OpenAi, "messages" };
}
