using System.Text.Json;
using DataAccess.Usage;
using Microsoft.Extensions.Options;
using ServiceDefaults.Redis;

namespace DataAccess.Hybrid;

// The Redis stream write-behind usage goes through. An entry holds one batch of normalized
// records (their event ids already fixed), so however often it is written to PostgreSQL,
// each record counts once.
public sealed class UsageStream(RedisClient redis, IOptions<UsageStreamOptions> options)
{
    public const string RecordsField = "records";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public UsageStreamOptions Options => options.Value;

    public Task AppendAsync(IReadOnlyList<UsageRecord> normalizedRecords, CancellationToken cancellationToken) =>
        AppendToAsync(Options.StreamKey, normalizedRecords, cancellationToken);

    internal async Task AppendToAsync(string streamKey, IReadOnlyList<UsageRecord> normalizedRecords, CancellationToken cancellationToken = default) =>
        await redis.StreamAddAsync(streamKey, [new(RecordsField, JsonSerializer.SerializeToUtf8Bytes(normalizedRecords, s_json))], cancellationToken: cancellationToken);

    public static UsageRecord[] Read(StreamEntry entry) =>
        entry.Fields.TryGetValue(RecordsField, out var payload) && !payload.IsNull
            ? JsonSerializer.Deserialize<UsageRecord[]>((byte[])payload!, s_json) ?? throw new JsonException("The entry holds no records.")
            : throw new JsonException($"The entry has no '{RecordsField}' field.");

    // Entries appended but not yet written to PostgreSQL (unread or unacknowledged).
    public async Task<long> BacklogAsync(CancellationToken cancellationToken) =>
        await redis.StreamLengthAsync(Options.StreamKey, cancellationToken);
}
