using System.Text.Json;
using System.Text.Json.Serialization;
using DataAccess.Usage;
using StackExchange.Redis;

namespace Gateway.Usage;

// Usage as it waits in the Redis stream for the DataService: one entry per ledger call, with
// one field per request that ended in it, the request's record as JSON. The event id and
// timestamp are fixed when the record is written, so however often delivery is retried the
// DataService counts it once.
public static class UsageEntry
{
    public const string Field = "usage";

    public static RedisValue[] Fields(UsageRecord record) => [Field, Payload(record)];

    public static RedisValue Payload(UsageRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, UsageEntryJson.Default.UsageRecord);

    // The entry's records, each with the field it came from; JsonException when any of them
    // could not be counted once (not JSON, no event id or timestamp) or the entry holds none.
    public static List<(UsageRecord Record, RedisValue Payload)> Read(StreamEntry entry)
    {
        var records = new List<(UsageRecord, RedisValue)>(entry.Values.Length);
        foreach (var field in entry.Values)
        {
            if (field.Name != Field)
            {
                continue;
            }

            var record = JsonSerializer.Deserialize((byte[])field.Value!, UsageEntryJson.Default.UsageRecord) ?? throw new JsonException("A usage field holds no record.");
            records.Add(record.EventId is null || record.Timestamp is null
                ? throw new JsonException("A record has no event id or timestamp.")
                : (record, field.Value));
        }

        return records.Count > 0 ? records : throw new JsonException($"The entry has no '{Field}' field.");
    }
}

// Written at build time rather than reflected at run time: every request's record goes
// through it twice.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageRecord))]
internal sealed partial class UsageEntryJson : JsonSerializerContext;
