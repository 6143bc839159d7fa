using System.Text.Json;
using System.Text.Json.Serialization;
using DataAccess.Usage;
using StackExchange.Redis;

namespace Gateway.Usage;

// One request's usage as it waits in the Redis stream for the DataService: the record as
// JSON in one field. The event id and timestamp are fixed when the entry is written, so
// however often delivery is retried the DataService counts it once.
public static class UsageEntry
{
    public const string Field = "usage";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static RedisValue[] Fields(UsageRecord record) => [Field, JsonSerializer.SerializeToUtf8Bytes(record, Json)];

    // The entry's record; JsonException when the entry holds none that could be counted once
    // (no usage field, not JSON, no event id or timestamp).
    public static UsageRecord Read(StreamEntry entry)
    {
        var payload = entry[Field];
        if (payload.IsNull)
        {
            throw new JsonException($"The entry has no '{Field}' field.");
        }

        var record = JsonSerializer.Deserialize<UsageRecord>((byte[])payload!, Json) ?? throw new JsonException("The entry holds no record.");
        return record.EventId is null || record.Timestamp is null
            ? throw new JsonException("The entry's record has no event id or timestamp.")
            : record;
    }
}
