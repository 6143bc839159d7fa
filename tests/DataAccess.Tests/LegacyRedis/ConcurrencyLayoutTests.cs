using DataAccess.LegacyRedis.Layout;
using DataAccess.Tests.Contract;
using StackExchange.Redis;

namespace DataAccess.Tests.LegacyRedis;

// concurrency:{keyId} stays the string counter the reference relay uses (layout §5.12).
public sealed class ConcurrencyLayoutTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    [Fact]
    public async Task The_counter_is_a_string_with_a_180_second_ttl_that_never_goes_below_zero()
    {
        var key = LegacyKeys.Concurrency("k1");

        Assert.Equal((1L, 2L), (await Adapter.IncrConcurrencyAsync("k1"), await Adapter.IncrConcurrencyAsync("k1")));
        Assert.Equal(RedisType.String, await Redis.KeyTypeAsync(key));
        Assert.Equal("2", (string?)await Redis.StringGetAsync(key));
        await AssertTtlAsync(key, LegacyTtls.Concurrency);
        Assert.Equal(2L, await Adapter.GetConcurrencyAsync("k1"));

        Assert.Equal(1L, await Adapter.DecrConcurrencyAsync("k1"));
        await AssertTtlAsync(key, LegacyTtls.Concurrency);
        Assert.Equal(0L, await Adapter.DecrConcurrencyAsync("k1"));
        Assert.False(await Redis.KeyExistsAsync(key));
        Assert.Equal(0L, await Adapter.DecrConcurrencyAsync("k1"));
        Assert.False(await Redis.KeyExistsAsync(key));
        Assert.Equal(0L, await Adapter.GetConcurrencyAsync("k1"));
    }

    [Fact]
    public async Task A_negative_leftover_is_cleared_to_zero()
    {
        await Redis.StringSetAsync(LegacyKeys.Concurrency("k2"), "-3");

        Assert.Equal(0L, await Adapter.DecrConcurrencyAsync("k2"));

        Assert.False(await Redis.KeyExistsAsync(LegacyKeys.Concurrency("k2")));
    }

    [Fact]
    public async Task Concurrent_increments_and_decrements_balance_out()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Adapter.IncrConcurrencyAsync("k3")));
        await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Adapter.DecrConcurrencyAsync("k3")));

        Assert.Equal(0L, await Adapter.GetConcurrencyAsync("k3"));
        Assert.False(await Redis.KeyExistsAsync(LegacyKeys.Concurrency("k3")));
    }
}
