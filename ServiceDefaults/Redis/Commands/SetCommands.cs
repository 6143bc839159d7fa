namespace ServiceDefaults.Redis;

public static class SetCommands
{
    public static ValueTask<long> SetAddAsync(this IRedisCommands redis, string key, RedisValue member, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.SAdd, key, member), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> SetAddAsync(this IRedisCommands redis, string key, IEnumerable<RedisValue> members, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.SAdd, [key, .. NonEmpty(members)]), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> SetRemoveAsync(this IRedisCommands redis, string key, RedisValue member, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.SRem, key, member), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<RedisValue[]> SetMembersAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.SMembers, key), ReplyParsers.Values, cancellationToken);

    public static ValueTask<bool> SetContainsAsync(this IRedisCommands redis, string key, RedisValue member, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.SIsMember, key, member), ReplyParsers.IntegerIsOne, cancellationToken);

    public static ValueTask<long> SetLengthAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.SCard, key), ReplyParsers.Integer, cancellationToken);

    internal static RedisValue[] NonEmpty(IEnumerable<RedisValue> members)
    {
        var array = members.ToArray();
        return array.Length > 0 ? array : throw new ArgumentException("At least one member is required.", nameof(members));
    }
}
