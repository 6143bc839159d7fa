using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class ConcurrencyTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_reply()
    {
        var prefix = SharedRedisFixture.UniqueKey("caller");

        async Task CallerAsync(int caller)
        {
            for (var i = 0; i < 200; i++)
            {
                var key = $"{prefix}:{caller}:{i % 7}";
                var value = $"{caller}-{i}-{new string('x', (caller * 31 + i) % 300)}";
                await _redis.SetAsync(key, value);
                Assert.Equal(value, await _redis.GetStringAsync(key));
                Assert.Equal(i + 1, await _redis.HashIncrementAsync($"{prefix}:{caller}:counter", "n"));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(caller => Task.Run(() => CallerAsync(caller))));
    }

    [Fact]
    public async Task Commands_issued_without_waiting_are_pipelined_and_answered_in_order()
    {
        var key = SharedRedisFixture.UniqueKey();

        var increments = Enumerable.Range(0, 10_000).Select(_ => _redis.IncrementAsync(key).AsTask()).ToArray();
        var results = await Task.WhenAll(increments);

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), results);
    }

    [Fact]
    public async Task Mixed_reply_types_from_many_threads_never_cross()
    {
        var prefix = SharedRedisFixture.UniqueKey("mixed");
        await _redis.SetAsync($"{prefix}:text", "text-value");
        await _redis.HashSetAsync($"{prefix}:hash", [new("a", "1"), new("b", "2")]);
        await _redis.SetAddAsync($"{prefix}:set", ["m1", "m2", "m3"]);

        var work = Enumerable.Range(0, 3000).Select(i => (i % 4) switch
        {
            0 => Check(async () => Assert.Equal("text-value", await _redis.GetStringAsync($"{prefix}:text"))),
            1 => Check(async () => Assert.Equal(2, (await _redis.HashGetAllAsync($"{prefix}:hash")).Count)),
            2 => Check(async () => Assert.Equal(3, await _redis.SetLengthAsync($"{prefix}:set"))),
            _ => Check(async () => Assert.True((await _redis.GetAsync($"{prefix}:none")).IsNull)),
        });

        await Task.WhenAll(work);

        static Task Check(Func<Task> assertion) => Task.Run(assertion);
    }
}
