namespace DataAccess.LegacyRedis.Layout;

// How long the legacy relay keeps each key family (layout §5). Every write re-applies the
// TTL, so a key lives this long after its last write.
public static class LegacyTtls
{
    public static readonly TimeSpan ApiKey = TimeSpan.FromDays(365);
    public static readonly TimeSpan HourlyUsage = TimeSpan.FromDays(7);
    public static readonly TimeSpan DailyUsage = TimeSpan.FromDays(32);
    public static readonly TimeSpan MonthlyUsage = TimeSpan.FromDays(365);
    public static readonly TimeSpan HourlyCost = TimeSpan.FromDays(7);
    public static readonly TimeSpan DailyCost = TimeSpan.FromDays(30);
    public static readonly TimeSpan MonthlyCost = TimeSpan.FromDays(90);
    public static readonly TimeSpan Concurrency = TimeSpan.FromSeconds(180);
    public static readonly TimeSpan AdminSession = TimeSpan.FromDays(1);
    public static readonly TimeSpan OAuthSession = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan StickySession = TimeSpan.FromHours(1);
    public static readonly TimeSpan TokenRefreshLock = TimeSpan.FromSeconds(60);

    // cleanup() gives keys without a TTL under its patterns this one (oauth: gets OAuthSession).
    public static readonly TimeSpan CleanupDefault = TimeSpan.FromDays(1);

    public static long Seconds(TimeSpan ttl) => (long)ttl.TotalSeconds;
}
