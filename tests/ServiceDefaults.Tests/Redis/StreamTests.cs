using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class StreamTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>
{
    private readonly RedisClient _redis = fixture.Client;

    [Fact]
    public async Task A_consumer_group_delivers_each_entry_once_and_tracks_acknowledgements()
    {
        var stream = SharedRedisFixture.UniqueKey("stream");
        Assert.True(await _redis.StreamCreateConsumerGroupAsync(stream, "writers", "0"));
        Assert.False(await _redis.StreamCreateConsumerGroupAsync(stream, "writers", "0"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _redis.StreamAddAsync(stream, [new("n", i), new("payload", $"entry {i}")]))!);
        }

        var first = await _redis.StreamReadGroupAsync(stream, "writers", "consumer-a", count: 3);
        var second = await _redis.StreamReadGroupAsync(stream, "writers", "consumer-b", count: 10);
        var nothingNew = await _redis.StreamReadGroupAsync(stream, "writers", "consumer-a", count: 10);

        Assert.Equal(ids.Take(3), first.Select(entry => entry.Id));
        Assert.Equal(ids.Skip(3), second.Select(entry => entry.Id));
        Assert.Equal("entry 0", (string?)first[0].Fields["payload"]);
        Assert.Empty(nothingNew);
        Assert.Equal(5, (await _redis.StreamPendingAsync(stream, "writers")).Count);

        Assert.Equal(3, await _redis.StreamAcknowledgeAsync(stream, "writers", first.Select(entry => entry.Id)));
        var pending = await _redis.StreamPendingAsync(stream, "writers");
        Assert.Equal(2, pending.Count);
        Assert.Equal(new Dictionary<string, long> { ["consumer-b"] = 2 }, pending.PerConsumer);
        Assert.Equal(5, await _redis.StreamLengthAsync(stream));
    }

    [Fact]
    public async Task Entries_left_pending_by_a_dead_consumer_are_reclaimed()
    {
        var stream = SharedRedisFixture.UniqueKey("stream");
        await _redis.StreamCreateConsumerGroupAsync(stream, "writers", "0");
        var kept = (await _redis.StreamAddAsync(stream, [new("n", 1)]))!;
        var deleted = (await _redis.StreamAddAsync(stream, [new("n", 2)]))!;
        await _redis.StreamReadGroupAsync(stream, "writers", "crashed", count: 10);
        await _redis.StreamDeleteAsync(stream, [deleted]);

        var ownPending = await _redis.StreamReadGroupAsync(stream, "writers", "crashed", count: 10, id: "0");
        Assert.Equal([kept, deleted], ownPending.Select(entry => entry.Id));
        Assert.True(ownPending[1].IsDeleted);

        var tooEarly = await _redis.StreamAutoClaimAsync(stream, "writers", "rescuer", TimeSpan.FromMinutes(1));
        Assert.Empty(tooEarly.Entries);

        await Task.Delay(50);
        var claimed = await _redis.StreamAutoClaimAsync(stream, "writers", "rescuer", TimeSpan.FromMilliseconds(10));
        Assert.Equal([kept], claimed.Entries.Select(entry => entry.Id));
        Assert.Equal([deleted], tooEarly.DeletedIds.Concat(claimed.DeletedIds));
        Assert.Equal("0-0", claimed.NextStartId);
        Assert.Equal(new Dictionary<string, long> { ["rescuer"] = 1 }, (await _redis.StreamPendingAsync(stream, "writers")).PerConsumer);
    }

    [Fact]
    public async Task A_stream_can_be_capped()
    {
        var stream = SharedRedisFixture.UniqueKey("stream");
        for (var i = 0; i < 1000; i++)
        {
            await _redis.StreamAddAsync(stream, [new("n", i)], maxLength: 100);
        }

        Assert.InRange(await _redis.StreamLengthAsync(stream), 100, 300);
    }
}
