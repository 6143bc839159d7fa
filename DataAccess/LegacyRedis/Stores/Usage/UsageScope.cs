using DataAccess.LegacyRedis.Layout;
using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Stores.Usage;

// What a usage query selects, in the legacy layout's terms (model names normalized, as
// they appear in key names).
internal sealed record UsageScope(string? KeyId, string? AccountId, string? Model, UsageGroupBy? GroupBy)
{
    public static UsageScope Of(UsageStatsQuery query)
    {
        var scope = new UsageScope(query.ApiKeyId?.ToString(), query.AccountId?.ToString(), query.Model is { } model ? ModelNameNormalizer.Normalize(model) : null, query.GroupBy);
        scope.EnsureExpressible();
        return scope;
    }

    // A grouping of key usage by model: the key buckets hold usage no model bucket holds.
    public bool SplitsKeyCostByModel => GroupBy == UsageGroupBy.Model && Model is null && AccountId is null;

    // The layout keeps key usage and account usage in separate families; nothing in it says
    // which key used which account.
    public void EnsureExpressible()
    {
        var byKey = KeyId is not null || GroupBy == UsageGroupBy.ApiKey;
        var byAccount = AccountId is not null || GroupBy == UsageGroupBy.Account;
        if (byKey && byAccount)
        {
            throw LegacyLimits.Unsupported(
                "the redis backend keeps usage per API key and per account separately (usage:* and account_usage:*); it cannot combine an API key with an account.");
        }
    }
}
