using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class ScriptingTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private static readonly LuaScript DecrementFloorZero = new("""
        local value = redis.call('DECR', KEYS[1])
        if value < 0 then
          redis.call('SET', KEYS[1], 0)
          return 0
        end
        return value
        """);

    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task A_script_runs_by_its_sha_and_is_reloaded_after_the_cache_is_flushed()
    {
        await using var server = await TestSupport.RedisServerProcess.StartAsync();
        await using var redis = await RedisClient.ConnectAsync(server.Endpoint + ",abortConnect=true");
        await redis.SetAsync("counter", 2);

        Assert.Equal(1L, (long)await redis.ScriptEvaluateAsync(DecrementFloorZero, ["counter"]));
        Assert.True(await IsCachedAsync(redis));
        await redis.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.False(await IsCachedAsync(redis));

        Assert.Equal(0L, (long)await redis.ScriptEvaluateAsync(DecrementFloorZero, ["counter"]));
        Assert.True(await IsCachedAsync(redis));
        Assert.Equal(0L, (long)await redis.ScriptEvaluateAsync(DecrementFloorZero, ["counter"]));
    }

    [Fact]
    public async Task Scripts_take_keys_and_arguments()
    {
        var key = SharedRedisFixture.UniqueKey();

        var result = await _redis.EvalAsync("redis.call('SET', KEYS[1], ARGV[1] .. ARGV[2]); return redis.call('GET', KEYS[1])", [key], ["a", 1]);

        Assert.Equal("a1", (string?)result);
    }

    [Fact]
    public async Task A_script_error_is_a_server_error()
    {
        var error = await Assert.ThrowsAsync<RedisServerException>(() => _redis.EvalAsync("return redis.call('NOPE')").AsTask());

        Assert.Equal("ERR", error.Prefix);
        Assert.Contains("script", error.Message);
    }

    [Fact]
    public async Task Script_load_returns_the_sha_the_client_computes()
    {
        Assert.Equal(DecrementFloorZero.Sha1, await _redis.ScriptLoadAsync(DecrementFloorZero.Source));
    }

    private static async Task<bool> IsCachedAsync(RedisClient redis) =>
        (long)(await redis.ExecuteAsync("SCRIPT", "EXISTS", DecrementFloorZero.Sha1))[0] == 1;
}
