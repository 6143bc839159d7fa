namespace DataAccess.LegacyRedis.Adapter.Models;

// The shapes of getUsageStats, getAccountUsageStats and getAllAccountsUsageStats (layout §9).
// For keys Tokens is every token (AllTokens); for accounts it is input + output only.
public sealed record LegacyUsageCounts(
    long Tokens, long InputTokens, long OutputTokens, long CacheCreateTokens, long CacheReadTokens, long AllTokens, long Requests);

// Per minute (rpm, tpm) and per day, over the whole days since creation (at least one),
// from the lifetime request count and input + output tokens, rounded to two decimals.
public sealed record LegacyUsageAverages(decimal Rpm, decimal Tpm, decimal DailyRequests, decimal DailyTokens);

public sealed record LegacyKeyUsageStats(LegacyUsageCounts Total, LegacyUsageCounts Daily, LegacyUsageCounts Monthly, LegacyUsageAverages Averages);

public sealed record LegacyAccountUsageStats(
    string AccountId, LegacyUsageCounts Total, LegacyUsageCounts Daily, LegacyUsageCounts Monthly, LegacyUsageAverages Averages);

// One account of getAllAccountsUsageStats: what identifies it, and its usage.
public sealed record LegacyAccountUsageEntry(string Id, string Platform, string Name, string Status, bool IsActive, LegacyAccountUsageStats Usage);

// getCostStats: USD in the current hour, day and month, and in the key's lifetime.
public sealed record LegacyCostStats(decimal Daily, decimal Monthly, decimal Hourly, decimal Total);
