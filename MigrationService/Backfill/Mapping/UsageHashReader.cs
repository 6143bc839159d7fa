using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using ServiceDefaults.Redis;

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
        var exact = true;
        foreach (var (field, value) in hash)
        {
            exact &= shape.IsOwnCounter(field);
            if (shape.IsCounter(field) && !IsPlainCount(value))
            {
                exact = false;
                tally.Problem(ProblemKind.NonNumericValue, key, $"{field} = '{value}'");
            }
        }

        var input = Counter(hash, shape.Input);
        var output = Counter(hash, shape.Output);
        var cacheCreate = Counter(hash, shape.CacheCreate);
        var cacheRead = Counter(hash, shape.CacheRead);
        var tokens = Counter(hash, shape.Tokens);
        var all = Counter(hash, shape.All);
        var measures = new UsageMeasures(
            Counter(hash, shape.Requests),
            input,
            output,
            cacheCreate,
            cacheRead,
            shape.HasEphemeral ? Counter(hash, shape.Ephemeral5m) : 0,
            shape.HasEphemeral ? Counter(hash, shape.Ephemeral1h) : 0);

        if (input + output == 0 && tokens > 0)
        {
            var splitInput = (long)Math.Floor((tokens * 0.3) + 0.5);
            measures = measures with { InputTokens = splitInput, OutputTokens = tokens - splitInput, CacheCreateTokens = 0, CacheReadTokens = 0 };
            exact = false;
        }
        else if ((Has(hash, shape.Tokens) && tokens != input + output) || (Has(hash, shape.All) && all != measures.TotalTokens))
        {
            exact = false;
        }

        return (measures, exact ? null : RawJson.Of(hash));
    }

    // The first non-zero of the two spellings (§9 falls through on NaN and on 0); negatives,
    // which no legacy write produces, count as 0.
    private static long Counter(Dictionary<string, RedisValue> hash, UsageHashShape.FieldNames names)
    {
        var primary = ParseInt(hash.GetValueOrDefault(names.Primary));
        return Math.Max(0, primary != 0 ? primary : ParseInt(hash.GetValueOrDefault(names.Alternate)));
    }

    private static bool Has(Dictionary<string, RedisValue> hash, UsageHashShape.FieldNames names) =>
        hash.ContainsKey(names.Primary) || hash.ContainsKey(names.Alternate);

    // JavaScript parseInt: the leading integer of the text.
    private static long ParseInt(RedisValue value) =>
        value.IsNull ? 0
        : value.TryParse(out long number) ? number
        : JsValues.ParseInt(value);

    // Digits only, no sign, no leading zero: exactly what HINCRBY writes for a count >= 0.
    private static bool IsPlainCount(RedisValue value)
    {
        var bytes = (byte[]?)value;
        if (bytes is null || bytes.Length == 0 || bytes.Length > 18 || (bytes[0] == (byte)'0' && bytes.Length > 1))
        {
            return false;
        }

        return bytes.AsSpan().IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }
}
