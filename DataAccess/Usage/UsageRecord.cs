using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DataAccess.Validation;

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

    [MaxLength(UsageRules.MaxModelLength)]
    public required string Model { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long InputTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long OutputTokens { get; init; }

    // Cache writes; Ephemeral5mTokens and Ephemeral1hTokens break them down when known.
    [Range(0, InputLimits.MaxTokens)]
    public long CacheCreateTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long CacheReadTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long Ephemeral5mTokens { get; init; }

    [Range(0, InputLimits.MaxTokens)]
    public long Ephemeral1hTokens { get; init; }

    // USD.
    [Range(0, InputLimits.MaxCost)]
    public decimal Cost { get; init; }

    [Range(1, InputLimits.MaxRequestCount)]
    public int RequestCount { get; init; } = 1;

    // When the request happened; now when absent.
    public DateTimeOffset? Timestamp { get; init; }

    // The seed's totalTokens: optional, and when sent it must equal input + output + cache
    // writes + cache reads (the relay's total), so what is stored is what was sent.
    [Range(0, 4 * InputLimits.MaxTokens)]
    public long? TotalTokens { get; init; }

    [JsonIgnore]
    public long PartsTotal => InputTokens + OutputTokens + CacheCreateTokens + CacheReadTokens;
}
