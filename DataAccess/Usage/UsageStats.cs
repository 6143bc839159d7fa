namespace DataAccess.Usage;

public sealed record UsageStats(IReadOnlyList<UsageStatsRow> Stats, UsageSummary Summary)
{
    // Rows grouped by model carry their groups under the seed's name too.
    public UsageStats WithSeedNames(UsageGroupBy? groupBy) =>
        groupBy == UsageGroupBy.Model ? this with { Stats = [.. Stats.Select(row => row with { Models = row.Groups })] } : this;
}

// One period (an hour, a day or a month in the configured time zone offset). Groups breaks
// the period down by the requested grouping (model, account or key).
public sealed record UsageStatsRow : UsageCounts
{
    public required string Date { get; init; }

    public IReadOnlyDictionary<string, UsageCounts>? Groups { get; init; }

    // The seed's name for Groups when the grouping is by model.
    public IReadOnlyDictionary<string, UsageCounts>? Models { get; init; }
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
