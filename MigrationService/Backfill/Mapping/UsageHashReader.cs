using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using StackExchange.Redis;

namespace MigrationService.Backfill.Mapping;

// Reads a legacy usage hash into our counters as the relay shows it (layout §9, with the
// legacy backend's own rules, LegacyUsageFields): parseInt, with junk meaning 0; the total*
// field, else the plain one (a missing or 0 count falls through); key buckets and key totals
// with no input/output split (written before the split existed) split 30/70, each half rounded
// as JavaScript rounds, the total staying what tokens holds. The stored hash is kept as JSON
// whenever the counters alone do not reproduce it.
internal static class UsageHashReader
{
    public static (UsageMeasures Measures, string? Raw) Read(
        string key, Dictionary<string, RedisValue> hash, UsageHashShape shape, UsageReadRule rule, PageTally tally)
    {
        Span<long> totals = stackalloc long[UsageHashShape.Count];
        Span<long> plains = stackalloc long[UsageHashShape.Count];
        Span<bool> present = stackalloc bool[UsageHashShape.Count];
        var exact = true;
        foreach (var (field, value) in hash)
        {
            if (!shape.TryGetCounter(field, out var counter))
            {
                exact = false;
                continue;
            }

            if (!TryPlainCount(value, out var count))
            {
                exact = false;
                count = JsValues.ParseInt(value);
                tally.Problem(ProblemKind.NonNumericValue, key, $"{field} = '{value}'");
            }

            exact &= counter.Own;
            (counter.Total ? totals : plains)[counter.Measure] = count;
            present[counter.Measure] = true;
        }

        Span<long> counters = stackalloc long[UsageHashShape.Count];
        for (var measure = 0; measure < counters.Length; measure++)
        {
            // §9 falls through on NaN and on 0; negatives, which no legacy write produces,
            // count as 0.
            counters[measure] = Math.Max(0, totals[measure] != 0 ? totals[measure] : plains[measure]);
        }

        var raw = new LegacyUsageFields.RawUsage(
            counters[UsageHashShape.Tokens],
            counters[UsageHashShape.Input],
            counters[UsageHashShape.Output],
            counters[UsageHashShape.CacheCreate],
            counters[UsageHashShape.CacheRead],
            counters[UsageHashShape.All],
            counters[UsageHashShape.Requests]);
        var shown = rule == UsageReadRule.Key ? LegacyUsageFields.KeyUsage(raw) : LegacyUsageFields.AccountUsage(raw);
        var measures = new UsageMeasures(
            shown.Requests,
            shown.InputTokens,
            shown.OutputTokens,
            shown.CacheCreateTokens,
            shown.CacheReadTokens,
            counters[UsageHashShape.Ephemeral5m],
            counters[UsageHashShape.Ephemeral1h],
            shown.AllTokens);
        var split = shown.InputTokens != raw.Input || shown.OutputTokens != raw.Output;
        var tokensDiffer = present[UsageHashShape.Tokens] && raw.Tokens != raw.Input + raw.Output;
        var allDiffers = present[UsageHashShape.All] && raw.All != raw.Input + raw.Output + raw.CacheCreate + raw.CacheRead;
        return (measures, exact && !split && !tokensDiffer && !allDiffers ? null : RawJson.Of(hash));
    }

    // Digits only, no sign, no leading zero: exactly what HINCRBY writes for a count >= 0.
    private static bool TryPlainCount(RedisValue value, out long count)
    {
        count = 0;
        var bytes = ((ReadOnlyMemory<byte>)value).Span;
        if (value.IsNull || bytes.Length is 0 or > 18 || (bytes[0] == (byte)'0' && bytes.Length > 1))
        {
            return false;
        }

        foreach (var digit in bytes)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            count = (count * 10) + (digit - '0');
        }

        return true;
    }
}
