using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;

namespace DataAccess.LegacyRedis.Adapter.Reading;

// Usage hashes read the way the legacy relay reads them (layout §9). Each count is the
// total* field, else the plain field (a total hash and a bucket read alike; JavaScript's
// || also falls through a zero); missing or junk values are 0.
internal static class LegacyUsageFields
{
    // getUsageStats: data from before the input/output split (only tokens, or no input and
    // output) counts 30 % as input and 70 % as output; otherwise tokens means all tokens.
    public static LegacyUsageCounts ReadKeyUsage(IReadOnlyDictionary<string, string> fields)
    {
        var raw = Raw(fields);
        if (raw.Input + raw.Output == 0 && raw.Tokens > 0)
        {
            return new LegacyUsageCounts(
                raw.Tokens, JsRound(raw.Tokens * 0.3), JsRound(raw.Tokens * 0.7), 0, 0, raw.Tokens, raw.Requests);
        }

        var all = raw.All != 0 ? raw.All : raw.Input + raw.Output + raw.CacheCreate + raw.CacheRead;
        return new LegacyUsageCounts(all, raw.Input, raw.Output, raw.CacheCreate, raw.CacheRead, all, raw.Requests);
    }

    // getAccountUsageStats: no legacy split, and tokens stays input + output.
    public static LegacyUsageCounts ReadAccountUsage(IReadOnlyDictionary<string, string> fields)
    {
        var raw = Raw(fields);
        var all = raw.All != 0 ? raw.All : raw.Input + raw.Output + raw.CacheCreate + raw.CacheRead;
        return new LegacyUsageCounts(raw.Tokens, raw.Input, raw.Output, raw.CacheCreate, raw.CacheRead, all, raw.Requests);
    }

    // Math.round of a non-negative double: halves round up.
    private static long JsRound(double value) => (long)Math.Floor(value + 0.5);

    private static (long Tokens, long Input, long Output, long CacheCreate, long CacheRead, long All, long Requests) Raw(IReadOnlyDictionary<string, string> fields) => (
        Either(fields, "totalTokens", "tokens"),
        Either(fields, "totalInputTokens", "inputTokens"),
        Either(fields, "totalOutputTokens", "outputTokens"),
        Either(fields, "totalCacheCreateTokens", "cacheCreateTokens"),
        Either(fields, "totalCacheReadTokens", "cacheReadTokens"),
        Either(fields, "totalAllTokens", "allTokens"),
        Either(fields, "totalRequests", "requests"));

    private static long Either(IReadOnlyDictionary<string, string> fields, string total, string plain)
    {
        var value = JsValues.ParseInt(fields.GetValueOrDefault(total));
        return value != 0 ? value : JsValues.ParseInt(fields.GetValueOrDefault(plain));
    }
}
