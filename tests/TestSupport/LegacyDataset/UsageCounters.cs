using DataAccess.LegacyRedis.Layout;

namespace TestSupport.LegacyDataset;

// The counters of legacy usage keys (layout §5.2) and the cost, for one request or a sum.
public readonly record struct UsageCounters(
    long Requests, long InputTokens, long OutputTokens, long CacheCreateTokens, long CacheReadTokens, long Ephemeral5mTokens, long Ephemeral1hTokens, decimal Cost)
{
    // Core tokens, what legacy "tokens"/"totalTokens" hold.
    public long CoreTokens => InputTokens + OutputTokens;

    // The total the relay shows where it is not the sum of the counts: tokens-only data split
    // 30/70 with each half rounded up at .5 shows tokens as its total (layout §9).
    public long? RelayTotalTokens { get; init; }

    public long AllTokens => RelayTotalTokens ?? InputTokens + OutputTokens + CacheCreateTokens + CacheReadTokens;

    // A hash from before the input/output split as the relay shows it (layout §9): round(30 %)
    // input and round(70 %) output, JavaScript rounding halves up, and tokens as the total.
    public static UsageCounters TokensOnly(long tokens, long requests) =>
        new(requests, (long)Math.Floor((tokens * 0.3) + 0.5), (long)Math.Floor((tokens * 0.7) + 0.5), 0, 0, 0, 0, 0) { RelayTotalTokens = tokens };

    public static UsageCounters operator +(UsageCounters a, UsageCounters b) => new(
        a.Requests + b.Requests,
        a.InputTokens + b.InputTokens,
        a.OutputTokens + b.OutputTokens,
        a.CacheCreateTokens + b.CacheCreateTokens,
        a.CacheReadTokens + b.CacheReadTokens,
        a.Ephemeral5mTokens + b.Ephemeral5mTokens,
        a.Ephemeral1hTokens + b.Ephemeral1hTokens,
        a.Cost + b.Cost);

    // usage:daily|monthly:{keyId}:… (9 fields); hourly ones lack the ephemeral counters.
    public Dictionary<string, string> KeyBucketFields(bool ephemeral)
    {
        var fields = new Dictionary<string, string>
        {
            ["tokens"] = JsValues.Number(CoreTokens),
            ["inputTokens"] = JsValues.Number(InputTokens),
            ["outputTokens"] = JsValues.Number(OutputTokens),
            ["cacheCreateTokens"] = JsValues.Number(CacheCreateTokens),
            ["cacheReadTokens"] = JsValues.Number(CacheReadTokens),
            ["allTokens"] = JsValues.Number(AllTokens),
            ["requests"] = JsValues.Number(Requests),
        };
        return ephemeral ? WithEphemeral(fields, "") : fields;
    }

    // Per-model keys (6 fields, 8 with the ephemeral counters); also the global model keys.
    public Dictionary<string, string> ModelFields(bool ephemeral)
    {
        var fields = new Dictionary<string, string>
        {
            ["inputTokens"] = JsValues.Number(InputTokens),
            ["outputTokens"] = JsValues.Number(OutputTokens),
            ["cacheCreateTokens"] = JsValues.Number(CacheCreateTokens),
            ["cacheReadTokens"] = JsValues.Number(CacheReadTokens),
            ["allTokens"] = JsValues.Number(AllTokens),
            ["requests"] = JsValues.Number(Requests),
        };
        return ephemeral ? WithEphemeral(fields, "") : fields;
    }

    // usage:{keyId} (9 fields) or account_usage:{accountId} (7).
    public Dictionary<string, string> TotalFields(bool ephemeral)
    {
        var fields = new Dictionary<string, string>
        {
            ["totalTokens"] = JsValues.Number(CoreTokens),
            ["totalInputTokens"] = JsValues.Number(InputTokens),
            ["totalOutputTokens"] = JsValues.Number(OutputTokens),
            ["totalCacheCreateTokens"] = JsValues.Number(CacheCreateTokens),
            ["totalCacheReadTokens"] = JsValues.Number(CacheReadTokens),
            ["totalAllTokens"] = JsValues.Number(AllTokens),
            ["totalRequests"] = JsValues.Number(Requests),
        };
        return ephemeral ? WithEphemeral(fields, "total") : fields;
    }

    public string CostText => Cost.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Dictionary<string, string> WithEphemeral(Dictionary<string, string> fields, string prefix)
    {
        fields[prefix.Length == 0 ? "ephemeral5mTokens" : "totalEphemeral5mTokens"] = JsValues.Number(Ephemeral5mTokens);
        fields[prefix.Length == 0 ? "ephemeral1hTokens" : "totalEphemeral1hTokens"] = JsValues.Number(Ephemeral1hTokens);
        return fields;
    }
}
