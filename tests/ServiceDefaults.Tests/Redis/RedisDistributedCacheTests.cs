using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using ServiceDefaults.Redis;
using TestSupport;

namespace ServiceDefaults.Tests.Redis;

public sealed class RedisDistributedCacheTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private readonly RedisClient _redis = fixture.Client;
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _instance = SharedRedisFixture.UniqueKey("cache") + ":";

    private RedisDistributedCache Cache => new(_redis, Options.Create(new RedisDistributedCacheOptions { InstanceName = _instance }), _time);

    [Fact]
    public async Task Set_get_and_remove()
    {
        var cache = Cache;

        await cache.SetAsync("item", [1, 2, 3], new DistributedCacheEntryOptions());

        Assert.Equal([1, 2, 3], await cache.GetAsync("item"));
        Assert.Equal([1, 2, 3], cache.Get("item"));
        Assert.Null(await _redis.TimeToLiveAsync(_instance + "item"));
        await cache.RemoveAsync("item");
        Assert.Null(await cache.GetAsync("item"));
        Assert.Null(await cache.GetAsync("never-set"));
    }

    [Fact]
    public async Task Absolute_expiration_becomes_the_keys_ttl()
    {
        var cache = Cache;

        await cache.SetAsync("relative", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        await cache.SetAsync("absolute", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = _time.GetUtcNow().AddMinutes(3) });

        Assert.InRange((await _redis.TimeToLiveAsync(_instance + "relative"))!.Value, TimeSpan.FromMinutes(9.9), TimeSpan.FromMinutes(10));
        Assert.InRange((await _redis.TimeToLiveAsync(_instance + "absolute"))!.Value, TimeSpan.FromMinutes(2.9), TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task An_entry_that_expires_is_gone()
    {
        var cache = Cache;

        await cache.SetAsync("short", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(50) });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await cache.GetAsync("short") is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the entry did not expire");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Reading_an_entry_with_sliding_expiration_renews_it_but_not_past_its_absolute_expiration()
    {
        var cache = Cache;
        var key = _instance + "sliding";
        await cache.SetAsync("sliding", [7], new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(5),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(12),
        });
        await _redis.ExpireAsync(key, TimeSpan.FromMinutes(1));

        Assert.Equal([7], await cache.GetAsync("sliding"));
        Assert.InRange((await _redis.TimeToLiveAsync(key))!.Value, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(10));
        await cache.RefreshAsync("sliding");
        Assert.InRange((await _redis.TimeToLiveAsync(key))!.Value, TimeSpan.FromMinutes(1.9), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task An_absolute_expiration_in_the_past_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Cache.SetAsync(
            "late", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = _time.GetUtcNow().AddSeconds(-1) }));
    }
}
