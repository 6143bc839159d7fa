namespace ServiceDefaults.Redis;

public sealed class RedisConnectionEventArgs(RedisEndpoint endpoint, Exception? failure) : EventArgs
{
    public RedisEndpoint Endpoint { get; } = endpoint;

    public Exception? Failure { get; } = failure;
}
