using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// redis-server (appendonly yes, as the README advises) is killed twice mid-ingestion and
// started again on its data directory. On hybrid the write-behind stream and its pending
// entries come back from the append-only file and usage arriving meanwhile goes straight to
// PostgreSQL; on redis and dual the legacy counters and their event markers come back, and
// requests refused while Redis was away are sent again.
[Collection(FaultCollection.Name)]
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const int Records = 2000;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("hybrid")]
    [InlineData("redis")]
    [InlineData("dual")]
    public async Task Usage_is_counted_exactly_once_across_Redis_restarts(string backend)
    {
        await using var redis = await RedisServerProcess.StartAsync("--appendonly", "yes");
        await using var database = backend == "redis" ? null : await FaultDatabase.OnSharedClusterAsync();
        await using var service = await DataServiceProcess.StartAsync(FaultSettings.For(backend, database?.ConnectionString, redis.Endpoint));
        using var client = service.CreateClient();
        var workload = UsageWorkload.For(await FaultSteps.CreateKeyAsync(client), Records);
        var report = new FaultReport(output, $"{backend}: redis-server (appendonly yes) killed mid-ingestion and restarted (twice)", workload);
        var caller = new RetryingUsageCaller([client]);

        var sending = caller.SendAsync(workload);
        foreach (var threshold in new[] { Records / 3, 2 * Records / 3 })
        {
            await caller.WaitForAcknowledgedAsync(threshold);
            await redis.StopAsync();
            report.Note($"redis-server killed at {caller.Acknowledged} acknowledged records, down for {Outage.TotalSeconds:0.#} s");
            await Task.Delay(Outage);
            await redis.StartAsync();
        }

        await sending;
        report.Traffic(caller);
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
