using System.Threading.Channels;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class PubSubTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task Published_messages_reach_subscribers_in_order()
    {
        var channel = SharedRedisFixture.UniqueKey("channel");
        var received = Channel.CreateUnbounded<RedisChannelMessage>();
        await using var subscription = await _redis.Subscriber.SubscribeAsync(channel, message => { received.Writer.TryWrite(message); });

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(1, await _redis.PublishAsync(channel, $"message {i}"));
        }

        for (var i = 0; i < 100; i++)
        {
            var message = await received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(channel, message.Channel);
            Assert.Equal($"message {i}", (string?)message.Message);
        }
    }

    [Fact]
    public async Task Pattern_subscriptions_receive_every_matching_channel()
    {
        var prefix = SharedRedisFixture.UniqueKey("events");
        var received = Channel.CreateUnbounded<RedisChannelMessage>();
        await using var subscription = await _redis.Subscriber.PatternSubscribeAsync($"{prefix}:*", message =>
        {
            received.Writer.TryWrite(message);
            return Task.CompletedTask;
        });

        await _redis.PublishAsync($"{prefix}:a", "1");
        await _redis.PublishAsync($"{prefix}:b", "2");
        await _redis.PublishAsync($"other:{prefix}", "3");

        var first = await received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        var second = await received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(($"{prefix}:a", "1", $"{prefix}:*"), (first.Channel, (string?)first.Message, first.Pattern));
        Assert.Equal(($"{prefix}:b", "2"), (second.Channel, (string?)second.Message));
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Two_subscriptions_on_one_channel_both_receive_and_unsubscribe_independently()
    {
        var channel = SharedRedisFixture.UniqueKey("channel");
        var first = Channel.CreateUnbounded<string>();
        var second = Channel.CreateUnbounded<string>();
        var one = await _redis.Subscriber.SubscribeAsync(channel, message => { first.Writer.TryWrite((string)message.Message!); });
        await using var two = await _redis.Subscriber.SubscribeAsync(channel, message => { second.Writer.TryWrite((string)message.Message!); });

        await _redis.PublishAsync(channel, "both");
        Assert.Equal("both", await first.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal("both", await second.Reader.ReadAsync().AsTask().WaitAsync(Patience));

        await one.DisposeAsync();
        Assert.Equal(1, await _redis.PublishAsync(channel, "only second"));
        Assert.Equal("only second", await second.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.False(first.Reader.TryRead(out _));

        await two.DisposeAsync();
        Assert.Equal(0, await _redis.PublishAsync(channel, "nobody"));
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_delivery()
    {
        var channel = SharedRedisFixture.UniqueKey("channel");
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await _redis.Subscriber.SubscribeAsync(channel, message =>
        {
            var text = (string)message.Message!;
            if (text == "poison")
            {
                throw new InvalidOperationException("handler bug");
            }

            received.Writer.TryWrite(text);
        });

        await _redis.PublishAsync(channel, "poison");
        await _redis.PublishAsync(channel, "fine");

        Assert.Equal("fine", await received.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }
}
