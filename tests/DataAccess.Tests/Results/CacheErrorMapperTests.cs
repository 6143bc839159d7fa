using DataAccess.Redis;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests;

// Whatever Redis fails with is CACHE_ERROR: the cache is unavailable or misused, and the
// database codes would send callers looking in the wrong place.
public sealed class CacheErrorMapperTests
{
    [Fact]
    public async Task A_server_error_reply_is_a_cache_error()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var redis = connection.GetDatabase();
        var key = $"test:{Guid.NewGuid():N}:string";
        await redis.StringSetAsync(key, "not a hash", TimeSpan.FromMinutes(1));
        try
        {
            var exception = await Assert.ThrowsAsync<RedisServerException>(() => redis.HashGetAsync(key, "field"));

            Assert.Equal(DatabaseErrorCode.CacheError, ErrorMapper.TryMap(exception)?.Code);
        }
        finally
        {
            await redis.KeyDeleteAsync(key);
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_a_cache_error()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{RedisServerProcess.FreePort()}");
        RedisConnectionPolicy.Apply(options);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);

        var exception = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.GetDatabase().StringGetAsync("any"));

        Assert.Equal(DatabaseErrorCode.CacheError, ErrorMapper.TryMap(exception)?.Code);
    }

    [Fact]
    public async Task A_reply_that_does_not_come_in_time_is_a_cache_error()
    {
        // A server of its own: DEBUG SLEEP stalls the whole server, not only this client.
        await using var server = await RedisServerProcess.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},asyncTimeout=200");

        var exception = await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.GetDatabase().ExecuteAsync("DEBUG", "SLEEP", "2"));

        Assert.Equal(DatabaseErrorCode.CacheError, ErrorMapper.TryMap(exception)?.Code);
    }
}
