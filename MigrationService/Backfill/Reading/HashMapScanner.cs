using System.Runtime.CompilerServices;
using DataAccess.LegacyRedis.Layout;
using ServiceDefaults.Redis;

namespace MigrationService.Backfill.Reading;

// apikey:hash_map holds one entry per key and per regeneration, so it can be large: it is read
// with HSCAN, a chunk at a time, never whole.
internal sealed class HashMapScanner(RedisClient redis, int pageSize)
{
    public async IAsyncEnumerable<IReadOnlyList<(string Hash, string KeyId)>> ChunksAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long cursor = 0;
        do
        {
            var reply = await redis.ExecuteAsync("HSCAN", [LegacyKeys.ApiKeyHashMap, cursor, "COUNT", pageSize], cancellationToken);
            cursor = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
            var items = reply[1].Items;
            var entries = new List<(string, string)>(items.Count / 2);
            for (var i = 0; i + 1 < items.Count; i += 2)
            {
                entries.Add(((string)items[i]!, (string)items[i + 1]! ?? ""));
            }

            if (entries.Count > 0)
            {
                yield return entries;
            }
        }
        while (cursor != 0);
    }
}
