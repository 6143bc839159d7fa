using DataAccess.Usage;

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

    // The usage record every backend stores for this key's usage; the event id goes along,
    // so a retry is recognised whichever backend takes it.
    public UsageRecord ToRecord(Guid keyId) => new()
    {
        EventId = EventId,
        ApiKeyId = keyId,
        Model = Model,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        CacheCreateTokens = CacheCreateTokens,
        CacheReadTokens = CacheReadTokens,
        Cost = Cost,
        RequestCount = RequestCount,
        Timestamp = Timestamp,
    };
}
