namespace ServiceDefaults.Redis;

public sealed class RedisDistributedCacheOptions
{
    // Prefixed to every cache key, so several applications can share one Redis database.
    public string? InstanceName { get; set; }
}
