namespace DataAccess.LegacyRedis.Adapter.Models;

// The admin dashboard figures of layout §9.
public sealed record LegacySystemStats(long TotalApiKeys, long TotalClaudeAccounts, long TotalUsageRecords);

public sealed record LegacyTodayStats(
    long RequestsToday,
    long TokensToday,
    long InputTokensToday,
    long OutputTokensToday,
    long CacheCreateTokensToday,
    long CacheReadTokensToday,
    long ApiKeysCreatedToday);

public sealed record LegacySystemAverages(decimal SystemRpm, decimal SystemTpm, long TotalInputTokens, long TotalOutputTokens, long TotalTokens);

// Over the last WindowMinutes minute buckets; TotalTokens counts cache tokens too.
public sealed record LegacyRealtimeMetrics(
    decimal RealtimeRpm,
    decimal RealtimeTpm,
    int WindowMinutes,
    long TotalRequests,
    long TotalTokens,
    long TotalInputTokens,
    long TotalOutputTokens,
    long TotalCacheCreateTokens,
    long TotalCacheReadTokens);

// What resetAllUsageStats removed.
public sealed record LegacyUsageReset(long DeletedKeys, long DeletedDailyKeys, long DeletedMonthlyKeys, long ResetApiKeys);
