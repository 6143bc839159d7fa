using System.Globalization;
using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Reporting;

namespace MigrationService.Backfill.Mapping;

// Reports fields whose stored text the legacy readers would not have understood as meant: they
// read it as 0, [] or "no timestamp", and so does the backfill, but the operator should know.
internal static class FieldChecks
{
    public static void Integer(IReadOnlyDictionary<string, string> fields, string name, string key, PageTally tally)
    {
        if (Value(fields, name) is { } value && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            tally.Problem(ProblemKind.NonNumericValue, key, $"{name} = '{value}'");
        }
    }

    public static void Number(IReadOnlyDictionary<string, string> fields, string name, string key, PageTally tally)
    {
        if (Value(fields, name) is { } value && !JsValues.TryParseNumber(value, out _))
        {
            tally.Problem(ProblemKind.NonNumericValue, key, $"{name} = '{value}'");
        }
    }

    // ISO timestamps; "" and "null" mean none (layout §5.1).
    public static void Timestamp(IReadOnlyDictionary<string, string> fields, string name, string key, PageTally tally)
    {
        if (Value(fields, name) is { } value && value != "null" && JsValues.ParseIso(value) is null)
        {
            tally.Problem(ProblemKind.BadTimestamp, key, $"{name} = '{value}'");
        }
    }

    public static void EpochMilliseconds(IReadOnlyDictionary<string, string> fields, string name, string key, PageTally tally)
    {
        if (Value(fields, name) is { } value && JsValues.ParseEpochMilliseconds(value) is null)
        {
            tally.Problem(ProblemKind.BadTimestamp, key, $"{name} = '{value}'");
        }
    }

    public static void JsonArrayOfStrings(IReadOnlyDictionary<string, string> fields, string name, string key, PageTally tally)
    {
        if (Value(fields, name) is { } value && !IsArrayOfStrings(value))
        {
            tally.Problem(ProblemKind.BrokenJson, key, $"{name} = '{value}'");
        }
    }

    // Whether the text is a JSON document (for jsonb columns, which refuse anything else).
    public static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsArrayOfStrings(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array
                && document.RootElement.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
