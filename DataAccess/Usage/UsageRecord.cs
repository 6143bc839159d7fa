namespace DataAccess.Usage;

// One request's usage (or several requests counted together, RequestCount > 1).
public sealed record UsageRecord
{
    // Identifies the record so a retried or replayed write counts it once. Generated when
    // absent.
    public Guid? EventId { get; init; }

    public required Guid ApiKeyId { get; init; }

    public Guid? AccountId { get; init; }

    // claude | claude-console | openai | gemini | bedrock
    public string AccountType { get; init; } = "claude";

    public required string Model { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    // Cache writes; Ephemeral5mTokens and Ephemeral1hTokens break them down when known.
    public long CacheCreateTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long Ephemeral5mTokens { get; init; }

    public long Ephemeral1hTokens { get; init; }

    // USD.
    public decimal Cost { get; init; }

    public int RequestCount { get; init; } = 1;

    // When the request happened; now when absent.
    public DateTimeOffset? Timestamp { get; init; }

    public long TotalTokens => InputTokens + OutputTokens + CacheCreateTokens + CacheReadTokens;
}
