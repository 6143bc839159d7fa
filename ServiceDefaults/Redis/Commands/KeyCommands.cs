using System.Runtime.CompilerServices;

namespace ServiceDefaults.Redis;

public static class KeyCommands
{
    private static readonly RedisValue Match = "MATCH";
    private static readonly RedisValue Count = "COUNT";
    private static readonly RedisValue TypeOption = "TYPE";

    public static ValueTask<long> DeleteAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Del, key), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> DeleteAsync(this IRedisCommands redis, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Del, StringCommands.NonEmpty(keys)), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<bool> ExistsAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Exists, key), ReplyParsers.IntegerIsOne, cancellationToken);

    // How many of the keys exist (a key named twice counts twice, as in Redis).
    public static ValueTask<long> ExistsAsync(this IRedisCommands redis, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Exists, StringCommands.NonEmpty(keys)), ReplyParsers.Integer, cancellationToken);

    // Returns false if the key does not exist. Sub-second expiries go as PEXPIRE.
    public static ValueTask<bool> ExpireAsync(this IRedisCommands redis, string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var milliseconds = (long)expiry.TotalMilliseconds;
        return milliseconds % 1000 == 0
            ? redis.SendAsync(new RedisCommand(CommandName.Expire, key, milliseconds / 1000), ReplyParsers.IntegerIsOne, cancellationToken)
            : redis.SendAsync(new RedisCommand(CommandName.PExpire, key, milliseconds), ReplyParsers.IntegerIsOne, cancellationToken);
    }

    public static ValueTask<bool> PersistAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Persist, key), ReplyParsers.IntegerIsOne, cancellationToken);

    // Null when the key does not exist or has no expiry; use ExistsAsync to tell them apart.
    public static ValueTask<TimeSpan?> TimeToLiveAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.PTtl, key), ReplyParsers.TimeToLive, cancellationToken);

    public static ValueTask<RedisType> TypeAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Type, key), ReplyParsers.Type, cancellationToken);

    // One SCAN call. A returned cursor of 0 means the iteration is complete.
    public static ValueTask<ScanPage> ScanPageAsync(
        this IRedisCommands redis, long cursor, string? pattern = null, int pageSize = 1000, RedisType? type = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var args = new List<RedisValue>(7) { cursor };
        if (pattern is not null)
        {
            args.Add(Match);
            args.Add(pattern);
        }

        args.Add(Count);
        args.Add(pageSize);
        if (type is { } filter)
        {
            args.Add(TypeOption);
            args.Add(TypeName(filter));
        }

        return redis.SendAsync(new RedisCommand(CommandName.Scan, [.. args]), ScanPage.Parser, cancellationToken);
    }

    // Every key matching the pattern, page by page. Keys added or removed during the scan
    // may or may not appear; a key may appear twice (Redis SCAN guarantees).
    public static async IAsyncEnumerable<string> ScanAsync(
        this RedisClient redis, string? pattern = null, int pageSize = 1000, RedisType? type = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long cursor = 0;
        do
        {
            var page = await redis.ScanPageAsync(cursor, pattern, pageSize, type, cancellationToken);
            foreach (var key in page.Keys)
            {
                yield return key;
            }

            cursor = page.Cursor;
        }
        while (cursor != 0);
    }

    private static string TypeName(RedisType type) => type switch
    {
        RedisType.String => "string",
        RedisType.Hash => "hash",
        RedisType.List => "list",
        RedisType.Set => "set",
        RedisType.SortedSet => "zset",
        RedisType.Stream => "stream",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "SCAN can only filter by a concrete type."),
    };
}
