using StackExchange.Redis;

namespace MigrationService.Backfill.Keys;

// For every family: what the backfill does with it and the Redis type its keys must have.
internal static class FamilyCatalog
{
    public static FamilyDisposition DispositionOf(LegacyFamily family) => family switch
    {
        LegacyFamily.SharedAccountSet or LegacyFamily.AccountGroupIndex or LegacyFamily.Username => FamilyDisposition.Checked,
        LegacyFamily.GlobalModelUsage => FamilyDisposition.SkippedDerived,
        LegacyFamily.Concurrency or LegacyFamily.RateLimitWindow or LegacyFamily.GlobalRateLimit or LegacyFamily.AccountErrorCounter
            or LegacyFamily.TokenRefreshLock or LegacyFamily.MinuteMetrics or LegacyFamily.ClaudeCodeHeaders => FamilyDisposition.SkippedEphemeral,
        LegacyFamily.DeadRateLimit or LegacyFamily.DeadOAuthSession => FamilyDisposition.SkippedDead,
        LegacyFamily.OwnKeys => FamilyDisposition.SkippedOwn,
        LegacyFamily.Malformed => FamilyDisposition.Malformed,
        LegacyFamily.Unknown => FamilyDisposition.Unknown,
        _ => FamilyDisposition.Migrated,
    };

    public static RedisType ExpectedType(LegacyFamily family) => family switch
    {
        LegacyFamily.KeyCostBucket or LegacyFamily.KeyCostTotal or LegacyFamily.AccountCostBucket or LegacyFamily.AccountCostTotal
            or LegacyFamily.KeyModelCostBucket or LegacyFamily.AccountModelCostBucket or LegacyFamily.BedrockAccount or LegacyFamily.User or LegacyFamily.Username
            or LegacyFamily.UserSession or LegacyFamily.StickySession or LegacyFamily.OemSettings => RedisType.String,
        LegacyFamily.SharedAccountSet or LegacyFamily.AccountGroupIndex or LegacyFamily.AccountGroupMembers => RedisType.Set,
        _ => RedisType.Hash,
    };

    // Families whose keys expire on their own: their remaining TTL becomes an expiry.
    public static bool HasExpiry(LegacyFamily family) =>
        family is LegacyFamily.AdminSession or LegacyFamily.UserSession or LegacyFamily.OAuthSession or LegacyFamily.StickySession;

    public static bool IsUsage(LegacyFamily family) => family is LegacyFamily.KeyUsageTotals or LegacyFamily.KeyUsageBucket
        or LegacyFamily.KeyModelUsageBucket or LegacyFamily.KeyCostBucket or LegacyFamily.KeyCostTotal or LegacyFamily.AccountUsageTotals
        or LegacyFamily.AccountUsageBucket or LegacyFamily.AccountModelUsageBucket or LegacyFamily.AccountCostBucket or LegacyFamily.AccountCostTotal
        or LegacyFamily.KeyModelCostBucket or LegacyFamily.AccountModelCostBucket;
}
