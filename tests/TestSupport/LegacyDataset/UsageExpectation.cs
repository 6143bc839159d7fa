namespace TestSupport.LegacyDataset;

// The usage of one API key or account as the legacy relay shows it: lifetime totals, and the
// buckets still alive in Redis (by bucket text, in the dataset's offset).
public sealed class UsageExpectation
{
    public UsageCounters Totals { get; set; }

    public Dictionary<string, UsageCounters> Hourly { get; } = [];

    public Dictionary<string, UsageCounters> Daily { get; } = [];

    public Dictionary<string, UsageCounters> Monthly { get; } = [];

    // Costs of the alive cost keys (their TTLs differ from the usage keys').
    public Dictionary<string, decimal> DailyCost { get; } = [];

    public Dictionary<string, decimal> MonthlyCost { get; } = [];
}
