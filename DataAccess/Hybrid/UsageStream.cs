using System.Text.Json;
using DataAccess.Usage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataAccess.Hybrid;

// The Redis stream write-behind usage goes through. An entry holds one batch of normalized
// records (their event ids already fixed), so however often it is written to PostgreSQL,
// each record counts once.
public sealed class UsageStream(IConnectionMultiplexer redis, IOptions<UsageStreamOptions> options)
{
    public const string RecordsField = "records";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly IDatabase _redis = redis.GetDatabase();

    public UsageStreamOptions Options => options.Value;

    public Task AppendAsync(IReadOnlyList<UsageRecord> normalizedRecords, CancellationToken cancellationToken) =>
        AppendToAsync(Options.StreamKey, normalizedRecords, cancellationToken);

    internal async Task AppendToAsync(string streamKey, IReadOnlyList<UsageRecord> normalizedRecords, CancellationToken cancellationToken = default) =>
        await _redis.StreamAddAsync(streamKey, RecordsField, Serialize(normalizedRecords));

    public static byte[] Serialize(IReadOnlyList<UsageRecord> normalizedRecords) => JsonSerializer.SerializeToUtf8Bytes(normalizedRecords, s_json);

    // The entry's records. Every record must carry the event id and timestamp it was given
    // when it was appended: a record without them could not be counted once, so the entry is
    // refused as unreadable (and set aside) rather than written.
    public static UsageRecord[] Read(StreamEntry entry)
    {
        var payload = entry[RecordsField];
        if (payload.IsNull)
        {
            throw new JsonException($"The entry has no '{RecordsField}' field.");
        }

        var records = JsonSerializer.Deserialize<UsageRecord[]>((byte[])payload!, s_json) ?? throw new JsonException("The entry holds no records.");
        return records.Any(record => record is null || record.EventId is null || record.Timestamp is null)
            ? throw new JsonException("The entry holds a record without its event id or timestamp.")
            : records;
    }

    // Entries appended but not yet written to PostgreSQL (unread or unacknowledged).
    public async Task<long> BacklogAsync(CancellationToken cancellationToken) =>
        await _redis.StreamLengthAsync(Options.StreamKey).WaitAsync(cancellationToken);

    // Entries and records set aside because they could not be read or stored.
    public async Task<long> DeadLettersAsync(CancellationToken cancellationToken) =>
        await _redis.StreamLengthAsync(Options.DeadLetterKey).WaitAsync(cancellationToken);
}
