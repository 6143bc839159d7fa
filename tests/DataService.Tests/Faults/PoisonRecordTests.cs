using System.Net;
using DataAccess.Hybrid;
using DataAccess.Usage;
using DataService.Tests.Support;
using StackExchange.Redis;
using TestSupport;
using Xunit.Abstractions;

namespace DataService.Tests.Faults;

// Records PostgreSQL cannot store sit among good ones. The edge refuses them (400), so they
// are put in the usage stream directly, as a writer that skipped validation would: one entry
// holding two good records (also sent through the API: counted once) around a model with a
// NUL character and token counts that overflow the key's totals; one of two records whose
// token counts overflow even their own sum; one entry that is not JSON; one whose record has
// neither event id nor timestamp (it could not be counted once). The consumer sets the bad
// ones aside and writes everything else.
[Collection(FaultCollection.Name)]
public sealed class PoisonRecordTests(ITestOutputHelper output)
{
    private const int Records = 2000;

    [Fact]
    public async Task Poison_records_are_set_aside_and_the_rest_counted_exactly_once()
    {
        await using var redis = await RedisServerProcess.StartAsync("--appendonly", "yes");
        await using var database = await FaultDatabase.OnSharedClusterAsync();
        await using var service = await DataServiceProcess.StartAsync(FaultSettings.Hybrid(database.ConnectionString, redis.Endpoint, "dataservice-0"));
        using var client = service.CreateClient();
        var workload = UsageWorkload.For(await FaultSteps.CreateKeyAsync(client), Records);
        var report = new FaultReport(output, "hybrid, write-behind: poison records and an unreadable entry among good ones", workload);
        var caller = new RetryingUsageCaller([client]);
        var now = DateTimeOffset.UtcNow;
        var nul = workload.Records[2] with { EventId = Guid.NewGuid(), Model = "a\u0000b", Timestamp = now };
        var huge = workload.Records[3] with { EventId = Guid.NewGuid(), InputTokens = long.MaxValue, Timestamp = now };
        UsageRecord[] poisoned = [workload.Records[0] with { Timestamp = now }, nul, huge, workload.Records[1] with { Timestamp = now }];
        UsageRecord[] overflowing = [huge with { EventId = Guid.NewGuid() }, huge with { EventId = Guid.NewGuid() }];
        UsageRecord[] unnormalized = [workload.Records[4] with { EventId = null, Timestamp = null }];

        var refused = await client.PostApiAsync("/api/v1/usage/batch", new { records = new[] { nul } });
        var refusedHuge = await client.PostApiAsync("/api/v1/usage/batch", new { records = new[] { huge } });
        report.Note($"at the edge: NUL in the model answered {(int)refused.Status} {refused.Code}, inputTokens {long.MaxValue} answered {(int)refusedHuge.Status} {refusedHuge.Code}");
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (refused.Status, refusedHuge.Status));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var stream = connection.GetDatabase();
        var sending = caller.SendAsync(workload);
        await caller.WaitForAcknowledgedAsync(Records / 3);

        // Once the key has totals, a record of long.MaxValue tokens overflows them wherever it goes.
        await FaultSteps.WaitUntilAsync(
            async () => (await UsageTotals.PostgresKeyTotalsAsync(database.ConnectionString, workload.KeyId)).Requests > 0, "the key has totals in PostgreSQL");

        // Alone in the stream at first, so no other poison in the same write sends its records
        // one by one before their sum is formed.
        await stream.StreamAddAsync(FaultSteps.UsageStream, UsageStream.RecordsField, UsageStream.Serialize(overflowing));
        await FaultSteps.WaitUntilAsync(
            async () => await stream.StreamLengthAsync(FaultSteps.DeadLetters) == overflowing.Length, "both overflowing records are dead letters");
        await stream.StreamAddAsync(FaultSteps.UsageStream, UsageStream.RecordsField, UsageStream.Serialize(poisoned));
        await stream.StreamAddAsync(FaultSteps.UsageStream, UsageStream.RecordsField, "this is not JSON");
        await stream.StreamAddAsync(FaultSteps.UsageStream, UsageStream.RecordsField, UsageStream.Serialize(unnormalized));
        report.Note($"poison entries put in the stream at {caller.Acknowledged} acknowledged records");
        await sending;
        await FaultSteps.WaitForStreamDrainedAsync(redis.Endpoint);
        report.Traffic(caller);

        var deadLetters = await stream.StreamRangeAsync(FaultSteps.DeadLetters);
        var reasons = deadLetters.Select(entry => entry["reason"].ToString()).ToList();
        report.Note($"dead letters: {deadLetters.Length} (expected 6): {string.Join(" | ", reasons)}");
        using var health = await client.GetAsync("/health");
        var status = await health.Content.ReadAsStringAsync();
        report.Note($"/health: {(int)health.StatusCode} {status}");
        await report.ReadPostgresAsync(database.ConnectionString);
        report.AssertExact();
        Assert.Equal(6, deadLetters.Length);
        Assert.Equal("Degraded", status);
    }
}
