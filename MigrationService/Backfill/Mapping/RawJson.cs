using System.Text.Json;
using StackExchange.Redis;

namespace MigrationService.Backfill.Mapping;

// A stored value as JSON for the raw and extra columns: a hash as an object of its fields
// (in name order, so the same hash always gives the same text), a string as a JSON string.
internal static class RawJson
{
    public static string Of(IEnumerable<KeyValuePair<string, RedisValue>> hash) =>
        Of(hash.Select(field => new KeyValuePair<string, string>(field.Key, (string?)field.Value ?? "")));

    public static string Of(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (field, value) in fields.OrderBy(field => field.Key, StringComparer.Ordinal))
            {
                writer.WriteString(field, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string OfString(string value) => JsonSerializer.Serialize(value);
}
