namespace ServiceDefaults.Redis;

public enum When
{
    Always,
    NotExists,
    Exists,
}

public static class StringCommands
{
    private static readonly RedisValue Ex = "EX";
    private static readonly RedisValue Px = "PX";
    private static readonly RedisValue Nx = "NX";
    private static readonly RedisValue Xx = "XX";

    public static ValueTask<RedisValue> GetAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Get, key), ReplyParsers.Value, cancellationToken);

    public static ValueTask<string?> GetStringAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Get, key), ReplyParsers.String, cancellationToken);

    // Returns false when the condition (NX/XX) kept the value from being set.
    public static ValueTask<bool> SetAsync(
        this IRedisCommands redis, string key, RedisValue value, TimeSpan? expiry = null, When when = When.Always, CancellationToken cancellationToken = default)
    {
        if (expiry is null && when == When.Always)
        {
            return redis.SendAsync(new RedisCommand(CommandName.Set, key, value), ReplyParsers.Ok, cancellationToken);
        }

        var args = new RedisValue[2 + (expiry is null ? 0 : 2) + (when == When.Always ? 0 : 1)];
        args[0] = key;
        args[1] = value;
        var next = 2;
        if (expiry is { } ttl)
        {
            if (ttl <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(expiry), ttl, "An expiry must be positive.");
            }

            // Whole seconds go as EX, the rest as PX, so values stay readable in MONITOR.
            var milliseconds = Math.Max((long)ttl.TotalMilliseconds, 1);
            var wholeSeconds = milliseconds % 1000 == 0;
            args[next++] = wholeSeconds ? Ex : Px;
            args[next++] = wholeSeconds ? milliseconds / 1000 : milliseconds;
        }

        if (when != When.Always)
        {
            args[next] = when == When.NotExists ? Nx : Xx;
        }

        return redis.SendAsync(new RedisCommand(CommandName.Set, args), ReplyParsers.Ok, cancellationToken);
    }

    public static ValueTask<RedisValue[]> GetManyAsync(this IRedisCommands redis, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.MGet, NonEmpty(keys)), ReplyParsers.Values, cancellationToken);

    public static ValueTask<long> IncrementAsync(this IRedisCommands redis, string key, long by = 1, CancellationToken cancellationToken = default) =>
        by == 1
            ? redis.SendAsync(new RedisCommand(CommandName.Incr, key), ReplyParsers.Integer, cancellationToken)
            : redis.SendAsync(new RedisCommand(CommandName.IncrBy, key, by), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> DecrementAsync(this IRedisCommands redis, string key, long by = 1, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.DecrBy, key, by), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<double> IncrementByFloatAsync(this IRedisCommands redis, string key, double by, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.IncrByFloat, key, by), ReplyParsers.Double, cancellationToken);

    // Decimal amounts (money) go as exact decimal text and come back as Redis prints them.
    public static ValueTask<string?> IncrementByFloatAsync(this IRedisCommands redis, string key, decimal by, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.IncrByFloat, key, by), ReplyParsers.String, cancellationToken);

    internal static RedisValue[] NonEmpty(IEnumerable<string> keys)
    {
        var array = keys.Select(key => (RedisValue)key).ToArray();
        return array.Length > 0 ? array : throw new ArgumentException("At least one key is required.", nameof(keys));
    }
}
