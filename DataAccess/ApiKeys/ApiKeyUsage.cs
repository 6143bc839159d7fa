namespace DataAccess.ApiKeys;

// Usage of one key (seed recordApiKeyUsage); recorded like any usage record.
public sealed record ApiKeyUsage
{
    public required string Model { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheCreateTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public decimal Cost { get; init; }

    public int RequestCount { get; init; } = 1;

    public DateTimeOffset? Timestamp { get; init; }
}
