using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;

namespace DataAccess.LegacyRedis.Adapter.Reading;

// Usage hashes read the way the legacy relay reads them (layout §9). Each count is the
// total* field, else the plain field (a total hash and a bucket read alike; JavaScript's
// || also falls through a zero); missing or junk values are 0. The backfill applies the same
// rules to the counters it parsed (KeyUsage, AccountUsage), so both show the same numbers.
internal static class LegacyUsageFields
{
    public static LegacyUsageCounts ReadKeyUsage(IReadOnlyDictionary<string, string> fields) => KeyUsage(Raw(fields));

    public static LegacyUsageCounts ReadAccountUsage(IReadOnlyDictionary<string, string> fields) => AccountUsage(Raw(fields));

    // getUsageStats (key buckets and key totals): data from before the input/output split (only
    // tokens, or no input and output) counts round(30 %) as input and round(70 %) as output,
    // which can add up to one more than tokens, the total shown; otherwise tokens means all
    // tokens.
    public static LegacyUsageCounts KeyUsage(RawUsage raw)
    {
        if (raw.Input + raw.Output == 0 && raw.Tokens > 0)
        {
            return new LegacyUsageCounts(
                raw.Tokens, JsRound(raw.Tokens * 0.3), JsRound(raw.Tokens * 0.7), 0, 0, raw.Tokens, raw.Requests);
        }

        var all = AllTokens(raw);
        return new LegacyUsageCounts(all, raw.Input, raw.Output, raw.CacheCreate, raw.CacheRead, all, raw.Requests);
    }

    // getAccountUsageStats, and per-model buckets: no legacy split, and tokens stays input + output.
    public static LegacyUsageCounts AccountUsage(RawUsage raw) =>
        new(raw.Tokens, raw.Input, raw.Output, raw.CacheCreate, raw.CacheRead, AllTokens(raw), raw.Requests);

    private static long AllTokens(RawUsage raw) => raw.All != 0 ? raw.All : raw.Input + raw.Output + raw.CacheCreate + raw.CacheRead;

    // Math.round of a non-negative double: halves round up.
    private static long JsRound(double value) => (long)Math.Floor(value + 0.5);

    private static RawUsage Raw(IReadOnlyDictionary<string, string> fields) => new(
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

    // A usage hash's counters, each already the total* field else the plain one.
    public readonly record struct RawUsage(long Tokens, long Input, long Output, long CacheCreate, long CacheRead, long All, long Requests);
}
