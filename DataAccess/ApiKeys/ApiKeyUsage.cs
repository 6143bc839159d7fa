namespace DataAccess.ApiKeys;

// Usage of one key (seed recordApiKeyUsage); recorded like any usage record.
public sealed record ApiKeyUsage
{
    // Identifies the usage so a retried or replayed write counts it once. Generated when
    // absent.
    public Guid? EventId { get; init; }

    public required string Model { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheCreateTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public decimal Cost { get; init; }

    public int RequestCount { get; init; } = 1;

    public DateTimeOffset? Timestamp { get; init; }
}
