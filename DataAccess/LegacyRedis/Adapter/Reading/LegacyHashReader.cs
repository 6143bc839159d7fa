using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter.Reading;

// Reads hashes of the legacy layout without failing on foreign keys: a key of another type
// under an enumerated prefix (which breaks the legacy relay's own KEYS + HGETALL) is
// skipped and logged. The type check and the read happen in one script, so nothing can
// change the key in between.
internal sealed partial class LegacyHashReader(
    [FromKeyedServices(DataAccessHostingExtensions.LegacyRedisConnectionName)] IConnectionMultiplexer redis, ILogger<LegacyHashReader> logger)
{
    private const int KeysPerCall = 500;

    private const string ReadHashes = """
        local result = {}
        for i, key in ipairs(KEYS) do
          local kind = redis.call('TYPE', key).ok
          if kind == 'hash' then
            result[i] = redis.call('HGETALL', key)
          elseif kind == 'none' then
            result[i] = {}
          else
            result[i] = kind
          end
        end
        return result
        """;

    private readonly IDatabase _redis = redis.GetDatabase();

    // Empty when the key is missing or is not a hash.
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(string key, CancellationToken cancellationToken) =>
        (await ReadManyAsync([key], cancellationToken))[0] ?? new Dictionary<string, string>();

    // One entry per key, in order: its fields (empty when missing), or null for a foreign key.
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>?>> ReadManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var hashes = new List<IReadOnlyDictionary<string, string>?>(keys.Count);
        foreach (var chunk in keys.Chunk(KeysPerCall))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = (RedisResult[])(await _redis.ScriptEvaluateAsync(ReadHashes, [.. chunk.Select(key => (RedisKey)key)]))!;
            for (var i = 0; i < chunk.Length; i++)
            {
                var item = result[i];
                if (item.Resp2Type != ResultType.Array)
                {
                    LogForeignKey(chunk[i], (string?)item ?? "unknown");
                    hashes.Add(null);
                    continue;
                }

                var values = (RedisResult[])item!;
                var fields = new Dictionary<string, string>(values.Length / 2, StringComparer.Ordinal);
                for (var field = 0; field + 1 < values.Length; field += 2)
                {
                    fields[(string)values[field]!] = (string?)values[field + 1] ?? "";
                }

                hashes.Add(fields);
            }
        }

        return hashes;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Key}: it holds a {Type}, not the hash the legacy layout keeps there.")]
    private partial void LogForeignKey(string key, string type);
}
