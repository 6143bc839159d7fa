using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Adapter.Writing;
using DataAccess.Redis;
using DataAccess.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// ILegacyRedisAdapter on StackExchange.Redis. The method groups live in the partial files
// beside this one; the internal members are the atomic operations the unified stores need
// beyond the seed's method set.
internal sealed partial class LegacyRedisAdapter(
    [FromKeyedServices(DataAccessHostingExtensions.LegacyRedisConnectionName)] IConnectionMultiplexer redis,
    LegacyHashReader hashes,
    LegacyUsagePlanner planner,
    TimeBuckets buckets,
    LegacyRedisOptions options,
    TimeProvider time,
    ILogger<LegacyRedisAdapter> logger) : ILegacyRedisAdapter
{
    private const int ScanPageSize = 1000;

    private readonly IDatabase _redis = redis.GetDatabase();

    internal IDatabase Redis => _redis;

    internal LegacyHashReader Hashes => hashes;

    public string NormalizeModelName(string? model) => Layout.ModelNameNormalizer.Normalize(model);

    // Every hash of a family whose key matches the pattern; idOf gives the id from the key
    // name, or null for keys of the prefix that are not members (apikey:hash_map). Foreign
    // keys are skipped and logged; empty hashes are left out, as upstream leaves them out.
    private async Task<IReadOnlyList<LegacyEntry>> ScanFamilyAsync(string pattern, Func<string, string?> idOf, CancellationToken cancellationToken)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in _redis.KeysAsync(pattern, ScanPageSize, cancellationToken: cancellationToken))
        {
            if (idOf(key) is { } id)
            {
                members[key] = id;
            }
        }

        var keys = members.Keys.ToList();
        var read = await hashes.ReadManyAsync(keys, cancellationToken);
        var entries = new List<LegacyEntry>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (read[i] is { Count: > 0 } fields)
            {
                entries.Add(new LegacyEntry(members[keys[i]], fields));
            }
        }

        return entries;
    }

    private async Task<List<string>> ScanKeysAsync(string pattern, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in _redis.KeysAsync(pattern, ScanPageSize, cancellationToken: cancellationToken))
        {
            keys.Add(key);
        }

        return [.. keys];
    }

    private Task RunAsync(CounterPlan plan, CancellationToken cancellationToken) =>
        CounterScript.RunAsync(_redis, plan, [], options.UsageEventMemory);

    // Field/value pairs as script arguments.
    private static IEnumerable<RedisValue> Pairs(IEnumerable<KeyValuePair<string, string>> fields) =>
        fields.SelectMany(field => new RedisValue[] { field.Key, field.Value });

    private static string? IdAfter(string prefix, string key)
    {
        var id = key[prefix.Length..];
        return id.Length > 0 && !id.Contains(':', StringComparison.Ordinal) ? id : null;
    }
}
