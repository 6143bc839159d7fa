using System.ComponentModel.DataAnnotations;
using DataAccess.Usage;
using DataAccess.Validation;

namespace DataAccess.ApiKeys;

// Usage of one key (seed recordApiKeyUsage); recorded like any usage record.
public sealed record ApiKeyUsage
{
    // Identifies the usage so a retried or replayed write counts it once. Generated when
    // absent.
    public Guid? EventId { get; init; }

    [MaxLength(UsageRules.MaxModelLength)]
    public required string Model { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long InputTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long OutputTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long CacheCreateTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long CacheReadTokens { get; init; }

    [Range(0, InputLimits.MaxCost)]
    public decimal Cost { get; init; }

    [Range(1, InputLimits.MaxRequestCount)]
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
