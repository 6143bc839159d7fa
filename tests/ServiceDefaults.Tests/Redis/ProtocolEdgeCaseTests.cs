using System.Security.Cryptography;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class ProtocolEdgeCaseTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task Missing_values_are_nil_not_empty()
    {
        var missing = SharedRedisFixture.UniqueKey("missing");

        Assert.True((await _redis.GetAsync(missing)).IsNull);
        Assert.Null(await _redis.GetStringAsync(missing));
        Assert.True((await _redis.HashGetAsync(missing, "field")).IsNull);
    }

    [Fact]
    public async Task Empty_values_are_empty_not_nil()
    {
        var key = SharedRedisFixture.UniqueKey();
        await _redis.SetAsync(key, "");
        await _redis.HashSetAsync(key + ":h", "empty", "");

        var value = await _redis.GetAsync(key);

        Assert.False(value.IsNull);
        Assert.Equal(0, value.Length);
        Assert.Equal("", (string?)(await _redis.HashGetAllAsync(key + ":h"))["empty"]);
    }

    [Fact]
    public async Task Binary_values_with_every_byte_survive_a_round_trip()
    {
        var key = SharedRedisFixture.UniqueKey();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\r\n\r\n$-1\r\n*3\r\n"u8.ToArray()).ToArray();

        await _redis.SetAsync(key, bytes);

        Assert.Equal(bytes, (byte[]?)await _redis.GetAsync(key));
    }

    [Fact]
    public async Task Unicode_keys_and_values_round_trip()
    {
        var key = SharedRedisFixture.UniqueKey("键🔑");

        await _redis.SetAsync(key, "数据访问层 — ünïcødé 🚀");

        Assert.Equal("数据访问层 — ünïcødé 🚀", await _redis.GetStringAsync(key));
        Assert.Equal(RedisType.String, await _redis.TypeAsync(key));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task Values_of_several_megabytes_round_trip(int megabytes)
    {
        var key = SharedRedisFixture.UniqueKey();
        var bytes = RandomNumberGenerator.GetBytes(megabytes * 1024 * 1024);

        await _redis.SetAsync(key, bytes);
        var read = (byte[]?)await _redis.GetAsync(key);
        var afterwards = await _redis.IncrementAsync(key + ":after");

        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read!));
        Assert.Equal(1, afterwards);
    }

    [Fact]
    public async Task Nested_arrays_from_a_script_keep_their_shape()
    {
        var result = await _redis.EvalAsync("return {1, 'two', {3, {'four', false}}, {}}");

        Assert.Equal(4, result.Items.Count);
        Assert.Equal(1L, (long)result[0]);
        Assert.Equal("two", (string?)result[1]);
        Assert.Equal(3L, (long)result[2][0]);
        Assert.Equal("four", (string?)result[2][1][0]);
        Assert.True(result[2][1][1].IsNull);
        Assert.Empty(result[3].Items);
    }

    [Fact]
    public async Task Error_replies_fail_only_their_own_command()
    {
        var key = SharedRedisFixture.UniqueKey();
        await _redis.SetAsync(key, "not a hash");

        var wrongType = await Assert.ThrowsAsync<RedisServerException>(() => _redis.HashGetAllAsync(key).AsTask());
        var notANumber = await Assert.ThrowsAsync<RedisServerException>(() => _redis.IncrementAsync(key).AsTask());

        Assert.Equal("WRONGTYPE", wrongType.Prefix);
        Assert.StartsWith("ERR", notANumber.Message);
        Assert.Equal("not a hash", await _redis.GetStringAsync(key));
    }

    [Fact]
    public async Task A_reply_of_an_unexpected_shape_fails_its_command_and_the_connection_goes_on()
    {
        var key = SharedRedisFixture.UniqueKey();
        await _redis.SetAsync(key, "text");

        var exception = await Assert.ThrowsAsync<RedisProtocolException>(() => ParseAsInteger(key));

        Assert.Contains("integer", exception.Message);
        Assert.Equal("text", await _redis.GetStringAsync(key));
    }

    [Fact]
    public async Task Arguments_cannot_be_nil()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _redis.SetAsync(SharedRedisFixture.UniqueKey(), RedisValue.Null).AsTask());

        Assert.Equal("PONG", (string?)await _redis.ExecuteAsync("PING"));
    }

    // GET answers with a bulk string; asking for an integer makes the parser fail.
    private Task<long> ParseAsInteger(string key) => ((IRedisCommands)_redis).SendAsync(
        new RedisCommand(CommandName.Get, key), ReplyParsers.Integer, CancellationToken.None).AsTask();
}
