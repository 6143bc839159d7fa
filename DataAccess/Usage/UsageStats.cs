namespace DataAccess.Usage;

public sealed record UsageStats(IReadOnlyList<UsageStatsRow> Stats, UsageSummary Summary);

// One period (an hour, a day or a month in the configured time zone offset). Groups breaks
// the period down by the requested grouping (model, account or key).
public sealed record UsageStatsRow : UsageCounts
{
    public required string Date { get; init; }

    public IReadOnlyDictionary<string, UsageCounts>? Groups { get; init; }
}

// TotalTokens counts every token: input, output, cache writes and cache reads.
public record UsageCounts
{
    public long Requests { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheCreateTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long TotalTokens { get; init; }

    public decimal Cost { get; init; }
}

public sealed record UsageSummary(long TotalRequests, long TotalTokens, decimal TotalCost, decimal AverageCostPerToken);
