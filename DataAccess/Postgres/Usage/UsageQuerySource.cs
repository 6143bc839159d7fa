using DataAccess.Usage;

namespace DataAccess.Postgres.Usage;

// Which table answers a usage query: the key rollups, the account rollups, or (only for what
// no rollup can answer, such as one key on one account) the raw events. The rollups are views
// of native hourly rows and migrated legacy residuals (schema 0002); legacy history has no key
// and account breakdown, so the raw events see native usage only.
internal sealed record UsageQuerySource(string Table, string TimeColumn, string RequestsColumn, bool HasKey, bool HasAccount)
{
    public static readonly UsageQuerySource KeyRollups = new("usage_key_model_all", "hour", "requests", HasKey: true, HasAccount: false);
    public static readonly UsageQuerySource AccountRollups = new("usage_account_model_all", "hour", "requests", HasKey: false, HasAccount: true);
    public static readonly UsageQuerySource Events = new("usage_events", "occurred_at", "request_count", HasKey: true, HasAccount: true);

    public static UsageQuerySource For(bool byKey, bool byAccount) =>
        byKey && byAccount ? Events
        : byAccount ? AccountRollups
        : KeyRollups;

    public static UsageQuerySource For(UsageStatsQuery query) =>
        For(query.ApiKeyId is not null || query.GroupBy == UsageGroupBy.ApiKey, query.AccountId is not null || query.GroupBy == UsageGroupBy.Account);
}
