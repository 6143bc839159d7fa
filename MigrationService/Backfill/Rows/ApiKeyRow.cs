namespace MigrationService.Backfill.Rows;

// A row of api_keys from an apikey:{keyId} hash. Extra holds, as a JSON object, every field
// the columns do not reproduce exactly (unknown fields, values that did not parse).
internal sealed record ApiKeyRow : ISourcedRow
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    public required string KeyHash { get; init; }

    public long TokenLimit { get; init; }

    public int ConcurrencyLimit { get; init; }

    public int RateLimitWindowMinutes { get; init; }

    public int RateLimitRequests { get; init; }

    public decimal DailyCostLimit { get; init; }

    public required string Permissions { get; init; }

    public bool EnableModelRestriction { get; init; }

    public required string[] RestrictedModels { get; init; }

    public bool EnableClientRestriction { get; init; }

    public required string[] AllowedClients { get; init; }

    public required string[] Tags { get; init; }

    public string? ClaudeAccountId { get; init; }

    public string? ClaudeConsoleAccountId { get; init; }

    public string? GeminiAccountId { get; init; }

    public string? OpenAiAccountId { get; init; }

    public string? BedrockAccountId { get; init; }

    public bool IsActive { get; init; }

    public required string CreatedBy { get; init; }

    public string? UserId { get; init; }

    public string? UserUsername { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsDeleted { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    public string? DeletedBy { get; init; }

    public string? DeletedByType { get; init; }

    public required string Extra { get; init; }

    // Whether apikey:hash_map sends this key's hash to it (it may not: layout §5.1).
    public bool NamedByHashMap { get; init; }

    // The Redis key it was read from.
    public required string Source { get; init; }
}
