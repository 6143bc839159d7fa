using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class BatchAndTransactionTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task A_batch_sends_its_commands_together_and_each_gets_its_reply()
    {
        var key = SharedRedisFixture.UniqueKey();
        var batch = _redis.CreateBatch();
        var set = batch.HashSetAsync(key, "requests", 10);
        var incremented = batch.HashIncrementAsync(key, "requests", 5);
        var expired = batch.ExpireAsync(key, TimeSpan.FromDays(32));
        var read = batch.HashGetAllAsync(key);

        Assert.Equal(4, batch.Count);
        Assert.False(set.IsCompleted);
        await batch.ExecuteAsync();

        Assert.Equal(1, await set);
        Assert.Equal(15, await incremented);
        Assert.True(await expired);
        Assert.Equal("15", (string?)(await read)["requests"]);
    }

    [Fact]
    public async Task A_failing_command_in_a_batch_fails_alone()
    {
        var key = SharedRedisFixture.UniqueKey();
        await _redis.SetAsync(key, "text");
        var batch = _redis.CreateBatch();
        var wrong = batch.HashIncrementAsync(key, "field");
        var right = batch.GetStringAsync(key);

        await batch.ExecuteAsync();

        await Assert.ThrowsAsync<RedisServerException>(() => wrong.AsTask());
        Assert.Equal("text", await right);
    }

    [Fact]
    public async Task A_batch_runs_once()
    {
        var batch = _redis.CreateBatch();
        _ = batch.PingAsync();
        await batch.ExecuteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteAsync());
        Assert.Throws<InvalidOperationException>(() => batch.GetAsync("x"));
    }

    [Fact]
    public async Task A_transaction_applies_its_commands_atomically()
    {
        var key = SharedRedisFixture.UniqueKey();
        var tx = _redis.CreateTransaction();
        var first = tx.IncrementAsync(key, 5);
        var second = tx.IncrementAsync(key, 5);
        var value = tx.GetStringAsync(key);

        await tx.ExecuteAsync();

        Assert.Equal(5, await first);
        Assert.Equal(10, await second);
        Assert.Equal("10", await value);
    }

    [Fact]
    public async Task Concurrent_transactions_never_interleave()
    {
        var key = SharedRedisFixture.UniqueKey();

        async Task<long[]> RunAsync()
        {
            var tx = _redis.CreateTransaction();
            var steps = Enumerable.Range(0, 10).Select(_ => tx.IncrementAsync(key)).ToArray();
            await tx.ExecuteAsync();
            var values = new long[steps.Length];
            for (var i = 0; i < steps.Length; i++)
            {
                values[i] = await steps[i];
            }

            return values;
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(RunAsync)));

        foreach (var run in runs)
        {
            Assert.Equal(Enumerable.Range((int)run[0], 10).Select(i => (long)i), run);
        }

        Assert.Equal("500", await _redis.GetStringAsync(key));
    }

    [Fact]
    public async Task A_command_failing_inside_exec_fails_alone()
    {
        var text = SharedRedisFixture.UniqueKey("text");
        var counter = SharedRedisFixture.UniqueKey("counter");
        await _redis.SetAsync(text, "not a number");
        var tx = _redis.CreateTransaction();
        var failing = tx.IncrementAsync(text);
        var succeeding = tx.IncrementAsync(counter);

        await tx.ExecuteAsync();

        var error = await Assert.ThrowsAsync<RedisServerException>(() => failing.AsTask());
        Assert.StartsWith("ERR", error.Message);
        Assert.Equal(1, await succeeding);
    }

    [Fact]
    public async Task A_command_rejected_while_queueing_aborts_the_whole_transaction()
    {
        var key = SharedRedisFixture.UniqueKey();
        var tx = _redis.CreateTransaction();
        var applied = tx.IncrementAsync(key);
        var rejected = tx.ExecuteAsync("NOSUCHCOMMAND", ["x"], CancellationToken.None);

        var abort = await Assert.ThrowsAsync<RedisServerException>(() => tx.ExecuteAsync());

        Assert.Equal("EXECABORT", abort.Prefix);
        await Assert.ThrowsAsync<RedisServerException>(() => rejected.AsTask());
        await Assert.ThrowsAsync<RedisServerException>(() => applied.AsTask());
        Assert.Null(await _redis.GetStringAsync(key));
    }
}
