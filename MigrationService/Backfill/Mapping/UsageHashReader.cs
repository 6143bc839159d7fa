using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using StackExchange.Redis;

namespace MigrationService.Backfill.Mapping;

// Reads a legacy usage hash into our counters with the legacy read rules (layout §9):
// parseInt, with junk meaning 0; a counter missing or 0 under its own name is taken from the
// other spelling; a hash with tokens but no input/output split (written before the split
// existed) is split 30/70, input rounded as JavaScript rounds and output the rest, so the
// total stays what the legacy relay showed. The stored hash is kept as JSON whenever the
// counters alone do not reproduce it.
internal static class UsageHashReader
{
    public static (UsageMeasures Measures, string? Raw) Read(string key, Dictionary<string, RedisValue> hash, UsageHashShape shape, PageTally tally)
    {
        Span<long> own = stackalloc long[UsageHashShape.Count];
        Span<long> other = stackalloc long[UsageHashShape.Count];
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
            (counter.Own ? own : other)[counter.Measure] = count;
            present[counter.Measure] = true;
        }

        Span<long> counters = stackalloc long[UsageHashShape.Count];
        for (var measure = 0; measure < counters.Length; measure++)
        {
            // §9 falls through on NaN and on 0; negatives, which no legacy write produces,
            // count as 0.
            counters[measure] = Math.Max(0, own[measure] != 0 ? own[measure] : other[measure]);
        }

        var measures = new UsageMeasures(
            counters[UsageHashShape.Requests],
            counters[UsageHashShape.Input],
            counters[UsageHashShape.Output],
            counters[UsageHashShape.CacheCreate],
            counters[UsageHashShape.CacheRead],
            counters[UsageHashShape.Ephemeral5m],
            counters[UsageHashShape.Ephemeral1h]);
        var tokens = counters[UsageHashShape.Tokens];
        if (measures.InputTokens + measures.OutputTokens == 0 && tokens > 0)
        {
            var splitInput = (long)Math.Floor((tokens * 0.3) + 0.5);
            measures = measures with { InputTokens = splitInput, OutputTokens = tokens - splitInput, CacheCreateTokens = 0, CacheReadTokens = 0 };
            exact = false;
        }
        else if ((present[UsageHashShape.Tokens] && tokens != measures.InputTokens + measures.OutputTokens)
            || (present[UsageHashShape.All] && counters[UsageHashShape.All] != measures.TotalTokens))
        {
            exact = false;
        }

        return (measures, exact ? null : RawJson.Of(hash));
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
