using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ServiceDefaults.Redis;
using TestSupport;

namespace ServiceDefaults.Tests.Redis;

// The server goes away in the middle of traffic and comes back on the same port.
public sealed class RestartTests
{
    [Fact]
    public async Task Traffic_fails_fast_while_the_server_is_down_and_recovers_when_it_is_back()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var options = RedisOptions.Parse($"{server.Endpoint},abortConnect=true,syncTimeout=30000");
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
        await using var redis = await RedisClient.ConnectAsync(options);
        var failures = new ConcurrentQueue<(Exception Error, TimeSpan Took)>();
        var successes = 0L;
        using var stop = new CancellationTokenSource();

        async Task TrafficAsync(int worker)
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var value = $"{worker}:{i++}";
                    await redis.SetAsync($"traffic:{worker}", value);
                    Assert.Equal(value, await redis.GetStringAsync($"traffic:{worker}"));
                    Interlocked.Increment(ref successes);
                }
                catch (RedisException error)
                {
                    failures.Enqueue((error, Stopwatch.GetElapsedTime(started)));
                    await Task.Delay(5);
                }
            }
        }

        var traffic = Enumerable.Range(0, 8).Select(worker => Task.Run(() => TrafficAsync(worker))).ToArray();
        await WaitUntilAsync(() => Interlocked.Read(ref successes) > 500);

        await server.StopAsync();
        await WaitUntilAsync(() => failures.Count > 100);
        Assert.False(redis.IsConnected);

        await server.StartAsync();
        var recoveredFrom = Interlocked.Read(ref successes);
        await WaitUntilAsync(() => Interlocked.Read(ref successes) > recoveredFrom + 500);
        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        Assert.True(redis.IsConnected);
        Assert.All(failures, failure =>
        {
            Assert.IsType<RedisConnectionException>(failure.Error);
            Assert.True(failure.Took < TimeSpan.FromSeconds(5), $"a failure took {failure.Took}, as if it waited for the 30 s timeout");
        });
    }

    [Fact]
    public async Task Subscriptions_are_restored_after_a_restart()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var options = RedisOptions.Parse($"{server.Endpoint},abortConnect=true");
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
        await using var redis = await RedisClient.ConnectAsync(options);
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await redis.Subscriber.SubscribeAsync("events", message => { received.Writer.TryWrite((string)message.Message!); });
        await redis.PublishAsync("events", "before");
        Assert.Equal("before", await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        await server.StopAsync();
        await server.StartAsync();

        await WaitUntilAsync(() => redis.IsConnected && redis.Subscriber.IsConnected);
        await WaitUntilAsync(() => redis.PublishAsync("events", "after").AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result == 1).Result);
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Reconnects_are_reported_as_events()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var options = RedisOptions.Parse($"{server.Endpoint},abortConnect=true");
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
        await using var redis = await RedisClient.ConnectAsync(options);
        var failed = new TaskCompletionSource<RedisConnectionEventArgs>();
        var restored = new TaskCompletionSource<RedisConnectionEventArgs>();
        redis.ConnectionFailed += (_, args) => failed.TrySetResult(args);
        redis.ConnectionRestored += (_, args) => restored.TrySetResult(args);

        await server.StopAsync();
        var failure = await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.StartAsync();
        var restoration = await restored.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(failure.Failure);
        Assert.Equal(server.Port, restoration.Endpoint.Port);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
