using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class RedisCommandTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task Strings_set_get_and_count()
    {
        var key = SharedRedisFixture.UniqueKey();
        var counter = SharedRedisFixture.UniqueKey("counter");

        Assert.True(await _redis.SetAsync(key, "hello"));
        Assert.Equal("hello", await _redis.GetStringAsync(key));
        Assert.Equal(1, await _redis.IncrementAsync(counter));
        Assert.Equal(11, await _redis.IncrementAsync(counter, 10));
        Assert.Equal(8, await _redis.DecrementAsync(counter, 3));
        Assert.Equal(9.5, await _redis.IncrementByFloatAsync(counter, 1.5));
        Assert.Equal("9.6", await _redis.IncrementByFloatAsync(counter, 0.1m));
    }

    [Fact]
    public async Task Set_with_expiry_and_conditions()
    {
        var key = SharedRedisFixture.UniqueKey();

        Assert.False(await _redis.SetAsync(key, "x", when: When.Exists));
        Assert.True(await _redis.SetAsync(key, "first", TimeSpan.FromSeconds(100), When.NotExists));
        Assert.False(await _redis.SetAsync(key, "second", when: When.NotExists));
        Assert.Equal("first", await _redis.GetStringAsync(key));
        var ttl = await _redis.TimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(100));

        Assert.True(await _redis.SetAsync(key, "short", TimeSpan.FromMilliseconds(1500)));
        Assert.InRange((await _redis.TimeToLiveAsync(key))!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public async Task Get_many_keeps_the_order_and_reports_missing_keys_as_nil()
    {
        var a = SharedRedisFixture.UniqueKey("a");
        var b = SharedRedisFixture.UniqueKey("b");
        await _redis.SetAsync(a, "1");
        await _redis.SetAsync(b, "2");

        var values = await _redis.GetManyAsync([b, SharedRedisFixture.UniqueKey("missing"), a]);

        Assert.Equal(["2", null, "1"], values.Select(value => (string?)value));
    }

    [Fact]
    public async Task Hashes()
    {
        var key = SharedRedisFixture.UniqueKey();

        Assert.Equal(2, await _redis.HashSetAsync(key, [new("name", "first"), new("count", 5)]));
        Assert.Equal(0, await _redis.HashSetAsync(key, "name", "renamed"));
        Assert.False(await _redis.HashSetIfNotExistsAsync(key, "name", "ignored"));
        Assert.Equal("renamed", (string?)await _redis.HashGetAsync(key, "name"));
        Assert.Equal(7, await _redis.HashIncrementAsync(key, "count", 2));
        Assert.Equal(7.25, await _redis.HashIncrementByFloatAsync(key, "count", 0.25));
        Assert.Equal(["renamed", null], (await _redis.HashGetAsync(key, ["name", "nope"])).Select(value => (string?)value));
        Assert.True(await _redis.HashExistsAsync(key, "count"));
        Assert.Equal(2, await _redis.HashLengthAsync(key));

        var all = await _redis.HashGetAllAsync(key);
        Assert.Equal("renamed", (string?)all["name"]);
        Assert.Equal("7.25", (string?)all["count"]);

        Assert.Equal(1, await _redis.HashDeleteAsync(key, ["name", "nope"]));
        Assert.Empty(await _redis.HashGetAllAsync(SharedRedisFixture.UniqueKey("missing")));
    }

    [Fact]
    public async Task Keys_exist_expire_persist_type_and_delete()
    {
        var key = SharedRedisFixture.UniqueKey();
        await _redis.HashSetAsync(key, "f", "v");

        Assert.True(await _redis.ExistsAsync(key));
        Assert.Equal(RedisType.Hash, await _redis.TypeAsync(key));
        Assert.Null(await _redis.TimeToLiveAsync(key));
        Assert.True(await _redis.ExpireAsync(key, TimeSpan.FromDays(32)));
        Assert.InRange((await _redis.TimeToLiveAsync(key))!.Value, TimeSpan.FromDays(31.9), TimeSpan.FromDays(32));
        Assert.True(await _redis.PersistAsync(key));
        Assert.Null(await _redis.TimeToLiveAsync(key));
        Assert.Equal(1, await _redis.DeleteAsync([key, SharedRedisFixture.UniqueKey("missing")]));
        Assert.False(await _redis.ExistsAsync(key));
        Assert.Equal(RedisType.None, await _redis.TypeAsync(key));
        Assert.False(await _redis.ExpireAsync(key, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Scan_finds_every_matching_key_across_pages()
    {
        var prefix = SharedRedisFixture.UniqueKey("scan");
        var expected = Enumerable.Range(0, 250).Select(i => $"{prefix}:{i}").ToHashSet();
        var batch = _redis.CreateBatch();
        var writes = expected.Select(key => batch.SetAsync(key, "x")).ToList();
        await _redis.HashSetAsync($"{prefix}:hash", "f", "v");
        await batch.ExecuteAsync();
        foreach (var write in writes)
        {
            await write;
        }

        var found = new HashSet<string>();
        await foreach (var key in _redis.ScanAsync($"{prefix}:*", pageSize: 37, type: RedisType.String))
        {
            found.Add(key);
        }

        Assert.Equal(expected, found);
    }

    [Fact]
    public async Task Sets()
    {
        var key = SharedRedisFixture.UniqueKey();

        Assert.Equal(3, await _redis.SetAddAsync(key, ["a", "b", "c"]));
        Assert.Equal(0, await _redis.SetAddAsync(key, "a"));
        Assert.True(await _redis.SetContainsAsync(key, "b"));
        Assert.Equal(1, await _redis.SetRemoveAsync(key, "b"));
        Assert.Equal(2, await _redis.SetLengthAsync(key));
        Assert.Equal(["a", "c"], (await _redis.SetMembersAsync(key)).Select(value => (string)value!).Order());
    }

    [Fact]
    public async Task Sorted_sets_serve_a_sliding_window()
    {
        var key = SharedRedisFixture.UniqueKey();
        for (var second = 1; second <= 10; second++)
        {
            Assert.True(await _redis.SortedSetAddAsync(key, $"request-{second}", second * 1000));
        }

        Assert.False(await _redis.SortedSetAddAsync(key, "request-10", 10_500));
        Assert.Equal(10, await _redis.SortedSetLengthAsync(key));
        Assert.Equal(4, await _redis.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, 4_999));
        Assert.Equal(3, await _redis.SortedSetCountAsync(key, 5_000, 7_000));
        Assert.Equal(10_500, await _redis.SortedSetScoreAsync(key, "request-10"));
        Assert.Null(await _redis.SortedSetScoreAsync(key, "request-1"));
        Assert.Equal(11_500, await _redis.SortedSetIncrementAsync(key, "request-10", 1_000));

        var oldest = await _redis.SortedSetRangeByScoreAsync(key, take: 2);
        Assert.Equal([new("request-5", 5000), new("request-6", 6000)], oldest.Select(entry => new SortedSetEntry((string?)entry.Member, entry.Score)));
        var all = await _redis.SortedSetRangeByRankAsync(key);
        Assert.Equal("request-10", (string?)all[^1].Member);
        Assert.Equal(1, await _redis.SortedSetRemoveAsync(key, "request-5"));
    }

    [Fact]
    public async Task Ping_and_info()
    {
        var latency = await _redis.PingAsync();
        var info = await _redis.InfoAsync("memory");

        Assert.True(latency > TimeSpan.Zero);
        Assert.True(long.Parse(info["used_memory"]) > 0);
        Assert.True(info.ContainsKey("maxmemory"));
    }

    [Fact]
    public async Task Raw_commands_run_what_has_no_typed_method()
    {
        var key = SharedRedisFixture.UniqueKey();
        await _redis.ExecuteAsync("RPUSH", key, "a", "b", "c");

        var range = await _redis.ExecuteAsync("LRANGE", key, 0, -1);

        Assert.Equal(["a", "b", "c"], range.Items.Select(item => (string?)item));
    }

    [Theory]
    [InlineData("SUBSCRIBE")]
    [InlineData("select")]
    [InlineData("BLPOP")]
    [InlineData("MULTI")]
    public async Task Raw_commands_that_would_break_the_shared_connection_are_refused(string command)
    {
        var exception = Assert.Throws<ArgumentException>(() => _redis.ExecuteAsync(command, "x"));

        Assert.Contains("shared connection", exception.Message);
        Assert.Equal("PONG", (string?)await _redis.ExecuteAsync("PING"));
    }
}
