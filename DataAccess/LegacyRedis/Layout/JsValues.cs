using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataAccess.LegacyRedis.Layout;

// How the legacy Node code writes values into Redis hashes and how it reads them back
// (layout §0): booleans "true"/"false", numbers as JavaScript prints them, null as "",
// timestamps as toISOString(), and parseInt/parseFloat on read (empty or junk means 0).
public static class JsValues
{
    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // JSON.stringify escapes only quotes, backslashes and control characters.
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Boolean(bool value) => value ? "true" : "false";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    // Compact JSON as JSON.stringify writes it.
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, s_json);

    public static string Iso(DateTimeOffset? value) => value is { } instant ? instant.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture) : "";

    // Readers test === 'true': anything else, a missing field included, is false.
    public static bool IsTrue(string? value) => value == "true";

    // schedulable is read with !== 'false', so a missing value means true.
    public static bool IsNotFalse(string? value) => value != "false";

    // parseInt: the leading integer, 0 when there is none (the legacy code falls back to 0).
    public static long ParseInt(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }

        var text = value.TrimStart();
        var length = 0;
        if (length < text.Length && text[length] is '-' or '+')
        {
            length++;
        }

        while (length < text.Length && char.IsAsciiDigit(text[length]))
        {
            length++;
        }

        return long.TryParse(text.AsSpan(0, length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }

    // parseFloat for money: decimal text (Redis INCRBYFLOAT prints up to 17 digits), 0 for
    // empty or junk.
    public static decimal ParseFloat(string? value) =>
        decimal.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : 0m;

    public static bool TryParseNumber(string? value, out decimal number) =>
        decimal.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    // ISO timestamps; "", "null" and unparsable values are no timestamp.
    public static DateTimeOffset? ParseIso(string? value) =>
        !string.IsNullOrEmpty(value) && value != "null"
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    // Claude expiresAt is epoch milliseconds as decimal text.
    public static DateTimeOffset? ParseEpochMilliseconds(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;
}
