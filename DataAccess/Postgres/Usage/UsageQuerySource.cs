using DataAccess.Usage;

namespace DataAccess.Postgres.Usage;

// Which table answers a usage query: the key rollups, the account rollups, or (only for what
// no rollup can answer, such as one key on one account) the raw events. The rollups are views
// of native hourly rows and migrated legacy residuals (schemas 0002, 0003); legacy history has
// no key and account breakdown, so the raw events see native usage only.
internal sealed record UsageQuerySource(string Table, string TimeColumn, string RequestsColumn, bool HasKey, bool HasAccount, bool HasLegacy)
{
    public static readonly UsageQuerySource KeyRollups = new("usage_key_model_all", "hour", "requests", HasKey: true, HasAccount: false, HasLegacy: true);
    public static readonly UsageQuerySource AccountRollups = new("usage_account_model_all", "hour", "requests", HasKey: false, HasAccount: true, HasLegacy: true);
    public static readonly UsageQuerySource Events = new("usage_events", "occurred_at", "request_count", HasKey: true, HasAccount: true, HasLegacy: false);

    // The relay's total can differ from the sum of the four counts (schema 0003); native usage's
    // is that sum.
    public string TotalTokensColumn => HasLegacy ? "total_tokens" : "input_tokens + output_tokens + cache_create_tokens + cache_read_tokens";

    // Legacy residuals of a coarser granularity than the answer's would move a day's or a
    // month's remainder into one of its hours or days: a period reads its own and finer rows.
    public string? Within(Granularity granularity) => !HasLegacy ? null : granularity switch
    {
        Granularity.Hour => "granularity = 'hour'",
        Granularity.Day => "granularity <> 'month'",
        _ => null,
    };

    // Corrections (a bucket holding less than its models) count in totals, in no model.
    public string? InBreakdown => HasLegacy ? "part <> 'correction'" : null;

    // One model is what its own buckets hold, not what a key bucket holds beside them.
    public string? OwnRows => HasLegacy ? "part = 'model'" : null;

    public static UsageQuerySource For(bool byKey, bool byAccount) =>
        byKey && byAccount ? Events
        : byAccount ? AccountRollups
        : KeyRollups;

    public static UsageQuerySource For(UsageStatsQuery query) =>
        For(query.ApiKeyId is not null || query.GroupBy == UsageGroupBy.ApiKey, query.AccountId is not null || query.GroupBy == UsageGroupBy.Account);
}
