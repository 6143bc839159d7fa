using StackExchange.Redis;

namespace DataAccess.Redis;

public static class RedisFailures
{
    // What StackExchange.Redis throws when Redis is unreachable, refuses a command or does not
    // answer in time. Its timeout derives from TimeoutException, not RedisException.
    public static bool IsRedisFailure(this Exception exception) =>
        exception is RedisException or RedisTimeoutException;
}
