using MigrationService.Backfill.Keys;
using StackExchange.Redis;

namespace MigrationService.Backfill.Reading;

// What one legacy key held when it was read. Exactly one of Hash, Text and Members is set for
// a key of the expected type; ActualType is set instead when the key had another type, and
// none of them when the key vanished between SCAN and the read (it expired or was deleted).
internal sealed class LegacyValue(LegacyKey key)
{
    public LegacyKey Key { get; } = key;

    public Dictionary<string, RedisValue>? Hash { get; set; }

    public string? Text { get; set; }

    public string[]? Members { get; set; }

    // Remaining time to live, for the families that expire; null when the key has none.
    public TimeSpan? TimeToLive { get; set; }

    public RedisType? ActualType { get; set; }

    // For an API key: the key id that apikey:hash_map gives for the key's own hash (null when
    // the map has no entry for it).
    public string? HashMapTarget { get; set; }

    // For username:{name}: whether user:{id} exists.
    public bool TargetUserExists { get; set; }

    public bool Vanished => ActualType is null && Hash is null && Text is null && Members is null;

    public Dictionary<string, string> HashAsStrings()
    {
        var fields = new Dictionary<string, string>(Hash!.Count, StringComparer.Ordinal);
        foreach (var (field, value) in Hash)
        {
            fields[field] = (string?)value ?? "";
        }

        return fields;
    }
}
