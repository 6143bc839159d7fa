using StackExchange.Redis;

namespace TestSupport;

public static class RedisHashes
{
    // HSET of the fields a test plants, written as a dictionary.
    public static Task HashSetAsync(this IDatabaseAsync redis, RedisKey key, IEnumerable<KeyValuePair<string, RedisValue>> fields) =>
        redis.HashSetAsync(key, [.. fields.Select(field => new HashEntry(field.Key, field.Value))]);
}
