using System.Diagnostics;

namespace ServiceDefaults.Redis;

public static class ServerCommands
{
    // Commands that would change the shared connection for every caller (its mode, its
    // database, its transaction state) or block it for everybody.
    private static readonly HashSet<string> s_connectionStateCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "SELECT", "AUTH", "HELLO", "QUIT", "RESET", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
        "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT", "WAITAOF",
    };

    // The round-trip time of a PING.
    public static async ValueTask<TimeSpan> PingAsync(this IRedisCommands redis, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await redis.SendAsync(new RedisCommand(CommandName.Ping), ReplyParsers.String, cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    // INFO as name/value pairs (sections flattened), e.g. "used_memory" or "redis_version".
    public static async ValueTask<Dictionary<string, string>> InfoAsync(this IRedisCommands redis, string? section = null, CancellationToken cancellationToken = default)
    {
        var command = section is null ? new RedisCommand(CommandName.Info) : new RedisCommand(CommandName.Info, section);
        var text = await redis.SendAsync(command, ReplyParsers.String, cancellationToken) ?? string.Empty;
        var info = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (!line.StartsWith('#') && colon > 0)
            {
                info[line[..colon]] = line[(colon + 1)..];
            }
        }

        return info;
    }

    // Returns how many subscribers received the message.
    public static ValueTask<long> PublishAsync(this IRedisCommands redis, string channel, RedisValue message, CancellationToken cancellationToken = default) =>
        redis.SendAsync(new RedisCommand(CommandName.Publish, channel, message), ReplyParsers.Integer, cancellationToken);

    // Any command, for what has no typed method: ExecuteAsync("CLIENT", "LIST").
    public static ValueTask<RedisResult> ExecuteAsync(this IRedisCommands redis, string command, params RedisValue[] arguments) =>
        redis.ExecuteAsync(command, arguments, CancellationToken.None);

    public static ValueTask<RedisResult> ExecuteAsync(this IRedisCommands redis, string command, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        if (s_connectionStateCommands.Contains(command))
        {
            throw new ArgumentException(
                $"{command.ToUpperInvariant()} cannot run on the shared connection; use the typed API (Subscriber, CreateTransaction, Options.Database) instead.",
                nameof(command));
        }

        return redis.SendAsync(new RedisCommand(CommandName.Of(command), arguments), ReplyParsers.Result, cancellationToken);
    }
}
