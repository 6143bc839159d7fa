namespace ServiceDefaults.Redis;

// Base type of everything the client throws for Redis-specific failures.
public class RedisException : Exception
{
    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

// The server is unreachable or the connection broke; the command was not (or may not
// have been) executed. Raised at once while the client reconnects.
public sealed class RedisConnectionException(string message, Exception? innerException = null)
    : RedisException(message, innerException);

// No reply arrived within the command timeout. The command may still run on the server.
public sealed class RedisTimeoutException(string message) : RedisException(message);

// The server answered with an error reply, such as WRONGTYPE or NOSCRIPT.
public sealed class RedisServerException(string message) : RedisException(message)
{
    // The first word of the error reply (ERR, WRONGTYPE, NOSCRIPT, ...).
    public string Prefix { get; } = message.Split(' ', 2)[0];
}

// The bytes received do not form a valid RESP2 reply.
public sealed class RedisProtocolException(string message) : RedisException(message);
