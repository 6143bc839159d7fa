namespace ServiceDefaults.Redis;

// Anything commands can be sent through: the client itself, a batch or a transaction.
// The typed commands (GetAsync, HashSetAsync, StreamAddAsync, ...) are extension methods
// on this interface, so each exists once and works in all three places.
public interface IRedisCommands
{
    internal ValueTask<T> SendAsync<T>(in RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken);
}
