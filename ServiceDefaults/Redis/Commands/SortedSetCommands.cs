namespace ServiceDefaults.Redis;

public readonly record struct SortedSetEntry(RedisValue Member, double Score);

// What a sliding-window limiter and lease sets need: members scored by time, range
// removal of expired members, counting and reading by score.
public static class SortedSetCommands
{
    private static readonly RedisValue WithScores = "WITHSCORES";
    private static readonly RedisValue Limit = "LIMIT";

    private static readonly ReplyParser<SortedSetEntry[]> EntriesParser = new DelegateReplyParser<SortedSetEntry[]>(
        static (ref reader) =>
        {
            var count = reader.ReadArrayLength();
            var entries = new SortedSetEntry[Math.Max(count / 2, 0)];
            for (var i = 0; i < entries.Length; i++)
            {
                entries[i] = new SortedSetEntry(reader.ReadValue(), reader.ReadDouble());
            }

            return entries;
        });

    // Returns true if the member was added, false if only its score changed.
    public static async ValueTask<bool> SortedSetAddAsync(this IRedisCommands redis, string key, RedisValue member, double score, CancellationToken cancellationToken = default) =>
        await redis.SendAsync(new RedisCommand(CommandName.ZAdd, key, score, member), ReplyParsers.Integer, cancellationToken) == 1;

    public static ValueTask<long> SortedSetRemoveAsync(this IRedisCommands redis, string key, RedisValue member, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZRem, key, member), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> SortedSetLengthAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZCard, key), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> SortedSetCountAsync(
        this IRedisCommands redis, string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZCount, key, min, max), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<double?> SortedSetScoreAsync(this IRedisCommands redis, string key, RedisValue member, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZScore, key, member), ReplyParsers.NullableDouble, cancellationToken);

    public static ValueTask<double> SortedSetIncrementAsync(this IRedisCommands redis, string key, RedisValue member, double by, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZIncrBy, key, by, member), ReplyParsers.Double, cancellationToken);

    // Members from lowest to highest rank; stop = -1 means the last one.
    public static ValueTask<SortedSetEntry[]> SortedSetRangeByRankAsync(
        this IRedisCommands redis, string key, long start = 0, long stop = -1, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZRange, [key, start, stop, WithScores]), EntriesParser, cancellationToken);

    public static ValueTask<SortedSetEntry[]> SortedSetRangeByScoreAsync(
        this IRedisCommands redis, string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity,
        long? take = null, CancellationToken cancellationToken = default)
    {
        RedisValue[] args = take is { } count
            ? [key, min, max, WithScores, Limit, 0, count]
            : [key, min, max, WithScores];
        return redis.SendAsync(new RedisCommand(CommandName.ZRangeByScore, args), EntriesParser, cancellationToken);
    }

    public static ValueTask<long> SortedSetRemoveRangeByScoreAsync(this IRedisCommands redis, string key, double min, double max, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.ZRemRangeByScore, key, min, max), ReplyParsers.Integer, cancellationToken);
}
