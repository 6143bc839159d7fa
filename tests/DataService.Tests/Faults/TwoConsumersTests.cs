using StackExchange.Redis;
using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// Two DataService instances take usage (the caller turns to the other when one fails) and
// consume the same stream in one consumer group. Half-way one of them dies for good while
// it holds unacknowledged entries; the survivor takes them over after ReclaimAfter.
[Collection(FaultCollection.Name)]
public sealed class TwoConsumersTests(ITestOutputHelper output)
{
    private const int Records = 2000;

    [Fact]
    public async Task Usage_is_counted_exactly_once_by_two_consumers_of_one_stream()
    {
        await using var redis = await RedisServerProcess.StartAsync("--appendonly", "yes");
        await using var database = await FaultDatabase.OnSharedClusterAsync();
        await using var first = await DataServiceProcess.StartAsync(FaultSettings.Hybrid(database.ConnectionString, redis.Endpoint, "dataservice-a"));
        await using var second = await DataServiceProcess.StartAsync(FaultSettings.Hybrid(database.ConnectionString, redis.Endpoint, "dataservice-b"));
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        var workload = UsageWorkload.For(await FaultSteps.CreateKeyAsync(firstClient), Records);
        var report = new FaultReport(output, "hybrid, write-behind: two DataService instances consume one stream; one is killed half-way", workload);
        var caller = new RetryingUsageCaller([firstClient, secondClient]);
        await using var watcher = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var stream = watcher.GetDatabase();

        var sending = caller.SendAsync(workload);
        await caller.WaitForAcknowledgedAsync(Records / 2);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await PendingOfAsync(stream, "dataservice-b") == 0 && DateTime.UtcNow < deadline)
        {
        }

        await second.KillAsync();
        report.Note($"dataservice-b killed at {caller.Acknowledged} acknowledged records, holding {await PendingOfAsync(stream, "dataservice-b")} unacknowledged entries");
        await sending;
        await FaultSteps.WaitForStreamDrainedAsync(redis.Endpoint);
        report.Traffic(caller);
        var consumers = await stream.StreamConsumerInfoAsync(FaultSteps.UsageStream, FaultSteps.ConsumerGroup);
        report.Note($"consumers of the group: {string.Join(", ", consumers.Select(consumer => $"{consumer.Name} ({consumer.PendingMessageCount} pending)"))}");
        await report.ReadPostgresAsync(database.ConnectionString);
        report.AssertExact();
    }

    private static async Task<long> PendingOfAsync(IDatabase redis, string consumer)
    {
        var consumers = await redis.StreamConsumerInfoAsync(FaultSteps.UsageStream, FaultSteps.ConsumerGroup);
        return consumers.FirstOrDefault(info => info.Name == consumer).PendingMessageCount;
    }
}
