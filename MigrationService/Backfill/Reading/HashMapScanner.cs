using System.Runtime.CompilerServices;
using DataAccess.LegacyRedis.Layout;
using StackExchange.Redis;

namespace MigrationService.Backfill.Reading;

// apikey:hash_map holds one entry per key and per regeneration, so it can be large: it is read
// with HSCAN, a chunk at a time, never whole.
internal sealed class HashMapScanner(IDatabase redis, int pageSize)
{
    public async IAsyncEnumerable<IReadOnlyList<(string Hash, string KeyId)>> ChunksAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long cursor = 0;
        do
        {
            var reply = await redis.ExecuteAsync("HSCAN", LegacyKeys.ApiKeyHashMap, cursor, "COUNT", pageSize).WaitAsync(cancellationToken);
            cursor = (long)reply[0];
            var items = (RedisResult[])reply[1]!;
            var entries = new List<(string, string)>(items.Length / 2);
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                entries.Add(((string)items[i]!, (string?)items[i + 1] ?? ""));
            }

            if (entries.Count > 0)
            {
                yield return entries;
            }
        }
        while (cursor != 0);
    }
}
