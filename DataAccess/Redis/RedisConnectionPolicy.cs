using StackExchange.Redis;

namespace DataAccess.Redis;

// How the services connect to Redis, whatever the connection string says: they start
// while Redis is down and reconnect by themselves (abortConnect=false, exponential backoff
// between attempts), and while it is down a command fails at once with a
// RedisConnectionException instead of waiting in StackExchange.Redis's backlog until its
// timeout. Timeouts (connectTimeout, syncTimeout, asyncTimeout) are the connection
// string's, 5 s by default.
public static class RedisConnectionPolicy
{
    private const int FirstRetryMilliseconds = 250;
    private const int LongestRetryMilliseconds = 5000;

    public static void Apply(ConfigurationOptions options)
    {
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(FirstRetryMilliseconds, LongestRetryMilliseconds);
        options.SocketManager = SocketManager.ThreadPool;
    }
}
