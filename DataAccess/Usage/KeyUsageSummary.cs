namespace DataAccess.Usage;

// The legacy per-key view: lifetime totals, today, this month and averages since the key
// was created (rpm and tpm per minute, the others per day).
public sealed record KeyUsageSummary(UsageCounts Total, UsageCounts Daily, UsageCounts Monthly, UsageAverages Averages);

public sealed record UsageAverages(decimal Rpm, decimal Tpm, decimal DailyRequests, decimal DailyTokens);

// A key's cost in the current hour, day and month, and in its lifetime.
public sealed record CostStats(decimal Hourly, decimal Daily, decimal Monthly, decimal Total);
