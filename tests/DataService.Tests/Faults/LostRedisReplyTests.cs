using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// Redis executes a usage write but its reply never reaches the DataService: a proxy between
// them cuts the connection right after passing the command on. On hybrid the XADD (the
// HTTP request then falls back to writing PostgreSQL directly while the stream holds the
// same records) or the consumer's XACK is lost; on redis and dual the counter script's
// reply is lost and the caller sends the request again.
[Collection(FaultCollection.Name)]
public sealed class LostRedisReplyTests(ITestOutputHelper output)
{
    private const int Records = 2000;
    private const int Drops = 8;

    [Theory]
    [InlineData("hybrid", new[] { "XADD", "XACK" })]
    [InlineData("redis", new[] { "EVALSHA", "EVAL" })]
    [InlineData("dual", new[] { "EVALSHA", "EVAL" })]
    public async Task Usage_is_counted_exactly_once_when_Redis_replies_are_lost(string backend, string[] commands)
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var proxy = new ReplyDroppingProxy(redis.Port, commands);
        await using var database = backend == "redis" ? null : await FaultDatabase.OnSharedClusterAsync();
        await using var service = await DataServiceProcess.StartAsync(FaultSettings.For(backend, database?.ConnectionString, proxy.Endpoint));
        using var client = service.CreateClient();
        var workload = UsageWorkload.For(await FaultSteps.CreateKeyAsync(client), Records);
        var report = new FaultReport(output, $"{backend}: Redis replies lost after the command ran ({string.Join('/', commands)}, connection cut)", workload);
        var caller = new RetryingUsageCaller([client]);

        proxy.Arm(every: 100, maximum: Drops);
        await caller.SendAsync(workload);
        report.Traffic(caller);
        report.Note($"replies dropped by the proxy: {proxy.Dropped}");
        Assert.True(proxy.Dropped > 0, "The proxy saw no usage write to drop the reply of.");
        if (backend == "hybrid")
        {
            await FaultSteps.WaitForStreamDrainedAsync(redis.Endpoint);
        }

        if (database is not null)
        {
            await report.ReadPostgresAsync(database.ConnectionString);
        }

        if (backend != "hybrid")
        {
            await report.ReadLegacyAsync(redis.Endpoint);
        }

        report.AssertExact();
    }
}
