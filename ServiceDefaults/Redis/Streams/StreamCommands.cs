namespace ServiceDefaults.Redis;

// Streams with consumer groups: what a durable queue needs (add, read as a group member,
// acknowledge, reclaim what a dead consumer left pending).
//
// Reads never block (no BLOCK option): a blocking read would stall every other caller on
// the shared connection. Consumers poll, or wake up on a pub/sub notification.
public static class StreamCommands
{
    private static readonly RedisValue MaxLen = "MAXLEN";
    private static readonly RedisValue Approximately = "~";
    private static readonly RedisValue Group = "GROUP";
    private static readonly RedisValue Count = "COUNT";
    private static readonly RedisValue Streams = "STREAMS";
    private static readonly RedisValue Create = "CREATE";
    private static readonly RedisValue MakeStream = "MKSTREAM";

    private static readonly ReplyParser<StreamEntry[]> ReadGroupParser = new DelegateReplyParser<StreamEntry[]>(
        static (ref reader) =>
        {
            // Nil when nothing is new; otherwise [[stream, [entries]]] for our one stream.
            var streams = reader.ReadArrayLength();
            if (streams <= 0)
            {
                return [];
            }

            reader.ReadArrayLength();
            reader.Skip();
            return StreamEntry.ReadMany(ref reader);
        });

    // Adds an entry and returns its id. maxLength trims the stream (approximately, which is
    // much cheaper) so a queue cannot grow without bound.
    public static ValueTask<string?> StreamAddAsync(
        this IRedisCommands redis, string key, IEnumerable<KeyValuePair<string, RedisValue>> fields, long? maxLength = null, CancellationToken cancellationToken = default)
    {
        var args = new List<RedisValue> { key };
        if (maxLength is { } max)
        {
            args.Add(MaxLen);
            args.Add(Approximately);
            args.Add(max);
        }

        args.Add("*");
        var before = args.Count;
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        return args.Count > before
            ? redis.SendAsync(new RedisCommand(CommandName.XAdd, [.. args]), ReplyParsers.String, cancellationToken)
            : throw new ArgumentException("A stream entry needs at least one field.", nameof(fields));
    }

    public static ValueTask<long> StreamLengthAsync(this IRedisCommands redis, string key, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.XLen, key), ReplyParsers.Integer, cancellationToken);

    public static ValueTask<long> StreamDeleteAsync(this IRedisCommands redis, string key, IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.XDel, [key, .. StringCommands.NonEmpty(ids)]), ReplyParsers.Integer, cancellationToken);

    // Creates the group (and the stream, if missing). Returns false if the group exists.
    public static async ValueTask<bool> StreamCreateConsumerGroupAsync(
        this IRedisCommands redis, string key, string group, string startId = "$", CancellationToken cancellationToken = default)
    {
        try
        {
            return await redis.SendAsync(new RedisCommand(CommandName.XGroup, [Create, key, group, startId, MakeStream]), ReplyParsers.Ok, cancellationToken);
        }
        catch (RedisServerException exception) when (exception.Prefix == "BUSYGROUP")
        {
            return false;
        }
    }

    // Reads as a member of the group: id ">" for entries never delivered to anyone, "0"
    // for this consumer's own pending (delivered, unacknowledged) entries.
    public static ValueTask<StreamEntry[]> StreamReadGroupAsync(
        this IRedisCommands redis, string key, string group, string consumer, int count, string id = ">", CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return redis.SendAsync(
            new RedisCommand(CommandName.XReadGroup, [Group, group, consumer, Count, count, Streams, key, id]), ReadGroupParser, cancellationToken);
    }

    public static ValueTask<long> StreamAcknowledgeAsync(this IRedisCommands redis, string key, string group, IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.XAck, [key, group, .. StringCommands.NonEmpty(ids)]), ReplyParsers.Integer, cancellationToken);

    // Takes over entries another consumer has held unacknowledged for at least minIdle.
    public static ValueTask<StreamAutoClaimResult> StreamAutoClaimAsync(
        this IRedisCommands redis, string key, string group, string consumer, TimeSpan minIdle, string startId = "0-0", int count = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return redis.SendAsync(
            new RedisCommand(CommandName.XAutoClaim, [key, group, consumer, (long)minIdle.TotalMilliseconds, startId, Count, count]),
            StreamAutoClaimResult.Parser, cancellationToken);
    }

    public static ValueTask<StreamPendingSummary> StreamPendingAsync(this IRedisCommands redis, string key, string group, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.XPending, key, group), StreamPendingSummary.Parser, cancellationToken);
}
