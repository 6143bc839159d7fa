namespace ServiceDefaults.Redis;

public static class HashCommands
{
    // Returns the number of fields that were added (not updated).
    public static ValueTask<long> HashSetAsync(this IRedisCommands redis, string key, string field, RedisValue value, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HSet, key, field, value), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> HashSetAsync(
        this IRedisCommands redis, string key, IEnumerable<KeyValuePair<string, RedisValue>> fields, CancellationToken cancellationToken = default)
    {
        var args = new List<RedisValue> { key };
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        return args.Count > 1
            ? redis.SendAsync(new RedisCommand(CommandName.HSet, [.. args]), ReplyParsers.Integer, cancellationToken)
            : throw new ArgumentException("At least one field is required.", nameof(fields));
    }

    public static ValueTask<bool> HashSetIfNotExistsAsync(this IRedisCommands redis, string key, string field, RedisValue value, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HSetNx, key, field, value), ReplyParsers.IntegerIsOne, cancellationToken);

    public static ValueTask<RedisValue> HashGetAsync(this IRedisCommands redis, string key, string field, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HGet, key, field), ReplyParsers.Value, cancellationToken);

    public static ValueTask<RedisValue[]> HashGetAsync(this IRedisCommands redis, string key, IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HMGet, [key, .. StringCommands.NonEmpty(fields)]), ReplyParsers.Values, cancellationToken);

    // An empty dictionary when the key does not exist.
    public static ValueTask<Dictionary<string, RedisValue>> HashGetAllAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HGetAll, key), ReplyParsers.Hash, cancellationToken);

    public static ValueTask<long> HashIncrementAsync(this IRedisCommands redis, string key, string field, long by = 1, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HIncrBy, key, field, by), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<double> HashIncrementByFloatAsync(this IRedisCommands redis, string key, string field, double by, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HIncrByFloat, key, field, by), ReplyParsers.Double, cancellationToken);

    public static ValueTask<long> HashDeleteAsync(this IRedisCommands redis, string key, IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HDel, [key, .. StringCommands.NonEmpty(fields)]), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> HashDeleteAsync(this IRedisCommands redis, string key, string field, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HDel, key, field), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<bool> HashExistsAsync(this IRedisCommands redis, string key, string field, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HExists, key, field), ReplyParsers.IntegerIsOne, cancellationToken);

    public static ValueTask<long> HashLengthAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.HLen, key), ReplyParsers.Integer, cancellationToken);
}
