using ServiceDefaults.Redis;
using TestSupport;

namespace DataAccess.Tests;

// Whatever Redis fails with is CACHE_ERROR: the cache is unavailable or misused, and the
// database codes would send callers looking in the wrong place.
public sealed class CacheErrorMapperTests
{
    [Fact]
    public async Task A_server_error_reply_is_a_cache_error()
    {
        await using var redis = await RedisClient.ConnectAsync($"{TestServers.Redis},abortConnect=true");
        var key = $"test:{Guid.NewGuid():N}:string";
        await redis.SetAsync(key, "not a hash", TimeSpan.FromMinutes(1));
        try
        {
            var exception = await Assert.ThrowsAsync<RedisServerException>(() => redis.HashGetAsync(key, "field").AsTask());

            Assert.Equal(DatabaseErrorCode.CacheError, ErrorMapper.TryMap(exception)?.Code);
        }
        finally
        {
            await redis.DeleteAsync(key);
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_a_cache_error()
    {
        await using var redis = await RedisClient.ConnectAsync($"127.0.0.1:{RedisServerProcess.FreePort()},abortConnect=false");

        var exception = await Assert.ThrowsAsync<RedisConnectionException>(() => redis.GetAsync("any").AsTask());

        Assert.Equal(DatabaseErrorCode.CacheError, ErrorMapper.TryMap(exception)?.Code);
    }

    [Fact]
    public async Task A_reply_that_does_not_come_in_time_is_a_cache_error()
    {
        // A server of its own: DEBUG SLEEP stalls the whole server, not only this client.
        await using var server = await RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync($"{server.Endpoint},syncTimeout=200,abortConnect=true");

        var exception = await Assert.ThrowsAsync<RedisTimeoutException>(() => redis.ExecuteAsync("DEBUG", "SLEEP", "2").AsTask());

        Assert.Equal(DatabaseErrorCode.CacheError, ErrorMapper.TryMap(exception)?.Code);
    }
}
