using System.Diagnostics;
using StackExchange.Redis;
using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// The DataService dies (SIGKILL) twice while usage streams in on the hybrid backend, each
// time while its stream consumer holds entries it read but has not acknowledged. Requests
// in flight fail and are sent again once it is back; the restarted consumer (same name)
// takes its pending entries back.
[Collection(FaultCollection.Name)]
public sealed class DataServiceKillTests(ITestOutputHelper output)
{
    private const int Records = 2000;

    [Fact]
    public async Task Usage_is_counted_exactly_once_across_DataService_crashes()
    {
        await using var redis = await RedisServerProcess.StartAsync("--appendonly", "yes");
        await using var database = await FaultDatabase.OnSharedClusterAsync();
        await using var service = await DataServiceProcess.StartAsync(FaultSettings.Hybrid(database.ConnectionString, redis.Endpoint, "dataservice-0"));
        using var client = service.CreateClient();
        var workload = UsageWorkload.For(await FaultSteps.CreateKeyAsync(client), Records);
        var report = new FaultReport(output, "hybrid, write-behind: DataService killed with SIGKILL mid-ingestion and restarted (twice)", workload);
        var caller = new RetryingUsageCaller([client]);
        await using var watcher = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);

        var sending = caller.SendAsync(workload);
        foreach (var threshold in new[] { Records / 3, 2 * Records / 3 })
        {
            await caller.WaitForAcknowledgedAsync(threshold);
            var pending = await KillWhileEntriesArePendingAsync(service, watcher.GetDatabase());
            var acknowledged = caller.Acknowledged;
            var restart = Stopwatch.StartNew();
            await service.RestartAsync();
            report.Note($"killed at {acknowledged} acknowledged records with {pending.Entries} stream entries, {pending.Pending} of them read and unacknowledged; healthy again after {restart.Elapsed.TotalSeconds:0.0} s");
        }

        await sending;
        await FaultSteps.WaitForStreamDrainedAsync(redis.Endpoint);
        report.Traffic(caller);
        await report.ReadPostgresAsync(database.ConnectionString);
        report.AssertExact();
    }

    // Kills the service as soon as its consumer holds unacknowledged entries (or after 5 s
    // of looking), and returns the stream as the crash left it.
    private static async Task<(long Entries, long Pending)> KillWhileEntriesArePendingAsync(DataServiceProcess service, IDatabase redis)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await FaultSteps.StreamStateAsync(redis)).Pending == 0 && DateTime.UtcNow < deadline)
        {
        }

        await service.KillAsync();
        return await FaultSteps.StreamStateAsync(redis);
    }
}
