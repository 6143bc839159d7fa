using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Writing;

// The kinds of column the backfill's tables have.
internal static class Columns
{
    private static readonly TimeSpan s_expiryTolerance = TimeSpan.FromMinutes(1);

    public static TableColumn<TRow> Of<TRow, TValue>(string name, NpgsqlDbType type, Func<TRow, TValue> value, bool key = false) => new()
    {
        Name = name,
        IsKey = key,
        Parameter = (parameter, rows) => Array(parameter, type, rows, value),
        Matches = (row, stored) => Equal(value(row), stored),
    };

    // jsonb: compared as JSON, since PostgreSQL rewrites the text (key order, spacing).
    public static TableColumn<TRow> Json<TRow>(string name, Func<TRow, string?> value) => new()
    {
        Name = name,
        Parameter = (parameter, rows) => Array(parameter, NpgsqlDbType.Jsonb, rows, value),
        Matches = (row, stored) => value(row) is { } expected ? stored is string text && JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(text)) : stored is null,
    };

    // text[]: unnest would flatten an array of arrays, so each array travels as a JSON array.
    public static TableColumn<TRow> TextArray<TRow>(string name, Func<TRow, string[]> value) => new()
    {
        Name = name,
        Parameter = (parameter, rows) => Array(parameter, NpgsqlDbType.Jsonb, rows, row => JsonSerializer.Serialize(value(row))),
        Expression = "ARRAY(SELECT jsonb_array_elements_text({0}))",
        Matches = (row, stored) => stored is string[] items && items.SequenceEqual(value(row)),
    };

    public static TableColumn<TRow> Expiry<TRow>(string name, Func<TRow, DateTimeOffset> value) => new()
    {
        Name = name,
        Parameter = (parameter, rows) => Array(parameter, NpgsqlDbType.TimestampTz, rows, value),
        Matches = (row, stored) => stored is DateTime at && (new DateTimeOffset(at) - value(row)).Duration() <= s_expiryTolerance,
        Tolerance = s_expiryTolerance,
    };

    private static NpgsqlParameter Array<TRow, TValue>(string name, NpgsqlDbType type, IReadOnlyList<TRow> rows, Func<TRow, TValue> value)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(rows[i]);
        }

        return new NpgsqlParameter<TValue[]>(name, NpgsqlDbType.Array | type) { TypedValue = values };
    }

    // PostgreSQL returns timestamptz as a UTC DateTime; numeric compares by value, so 0.5 and
    // 0.5000000000 are equal.
    private static bool Equal(object? expected, object? stored) => (expected, stored) switch
    {
        (null, null) => true,
        (DateTimeOffset instant, DateTime at) => instant == new DateTimeOffset(at),
        (string[] items, string[] storedItems) => items.SequenceEqual(storedItems),
        (byte[] bytes, byte[] storedBytes) => bytes.AsSpan().SequenceEqual(storedBytes),
        _ => Equals(expected, stored),
    };
}
