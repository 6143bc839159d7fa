using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// PostgreSQL (a private server: the shared cluster serves every other test) crashes twice
// mid-ingestion (SIGQUIT: open transactions are lost, committed ones recovered) and starts
// again. On postgres the HTTP requests writing through, batches among them, fail and are
// sent again, some after a commit whose acknowledgement was lost; on hybrid the stream
// consumer's transaction fails and its entries are written again.
[Collection(FaultCollection.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Records = 2000;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("postgres")]
    [InlineData("hybrid")]
    public async Task Usage_is_counted_exactly_once_across_PostgreSQL_crashes(string backend)
    {
        await using var redis = await RedisServerProcess.StartAsync("--appendonly", "yes");
        await using var database = await FaultDatabase.OnPrivateServerAsync();
        await using var service = await DataServiceProcess.StartAsync(FaultSettings.For(backend, database.ConnectionString, redis.Endpoint));
        using var client = service.CreateClient();
        var workload = UsageWorkload.For(await FaultSteps.CreateKeyAsync(client), Records);
        var report = new FaultReport(output, $"{backend}: PostgreSQL crashed mid-batch (SIGQUIT) and restarted (twice)", workload);
        var caller = new RetryingUsageCaller([client]);

        var sending = caller.SendAsync(workload);
        foreach (var threshold in new[] { Records / 3, 2 * Records / 3 })
        {
            await caller.WaitForAcknowledgedAsync(threshold);
            await database.Server!.CrashAsync();
            report.Note($"PostgreSQL crashed at {caller.Acknowledged} acknowledged records, down for {Outage.TotalSeconds:0.#} s");
            await Task.Delay(Outage);
            await database.Server.RecoverAsync();
        }

        await sending;
        report.Traffic(caller);
        if (backend == "hybrid")
        {
            await FaultSteps.WaitForStreamDrainedAsync(redis.Endpoint);
        }

        await report.ReadPostgresAsync(database.ConnectionString);
        report.AssertExact();
    }
}
