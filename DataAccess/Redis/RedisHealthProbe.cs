using System.Globalization;
using DataAccess.Storage;
using StackExchange.Redis;

namespace DataAccess.Redis;

// The Redis a backend uses (the cache, or the legacy layout) as the storage health report
// shows it: a PING and the memory in use.
public sealed class RedisHealthProbe(IConnectionMultiplexer redis)
{
    public async Task<RedisHealth> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = redis.GetDatabase();
            var latency = await database.PingAsync().WaitAsync(cancellationToken);
            var memory = await database.InfoAsync("memory").WaitAsync(cancellationToken);
            return new RedisHealth(true, latency.TotalMilliseconds, new RedisMemory(
                long.Parse(memory.GetValueOrDefault("used_memory", "0"), CultureInfo.InvariantCulture),
                long.Parse(memory.GetValueOrDefault("maxmemory", "0"), CultureInfo.InvariantCulture)));
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            return new RedisHealth(false, 0, new RedisMemory(0, 0), exception.Message);
        }
    }
}
