using System.Diagnostics;
using System.Globalization;
using DataAccess.ApiKeys;
using DataAccess.Hybrid;
using DataAccess.Postgres.Usage;
using DataAccess.Storage;
using DataAccess.Tests.Contract;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.Hybrid;

// Usage buffered in the Redis stream reaches PostgreSQL exactly once, whatever dies when.
public sealed class WriteBehindTests(HybridBackendFixture fixture) : IClassFixture<HybridBackendFixture>
{
    private IDatabase Redis => fixture.Redis;

    [Fact]
    public async Task Buffered_records_are_written_acknowledged_and_removed_from_the_stream()
    {
        var key = await NewKeyAsync();

        (await fixture.Usage.RecordUsageBatchAsync([.. Enumerable.Range(0, 50).Select(i => Record(key, i))])).EnsureSuccess();
        await fixture.FlushUsageAsync();

        Assert.Equal(50L, (await fixture.Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total.Requests);
        Assert.Equal(0, (await Redis.StreamPendingAsync(fixture.UsageStreamKey, "usage-writers")).PendingMessageCount);
    }

    [Fact]
    public async Task Entries_a_dead_consumer_read_but_never_acknowledged_are_reclaimed_and_counted_once()
    {
        var key = await NewKeyAsync();
        var stream = $"test:{Guid.NewGuid():N}:usage";
        var records = UsageRules.Normalize([.. Enumerable.Range(0, 20).Select(i => Record(key, i))], DateTimeOffset.UtcNow);
        await Redis.StreamCreateConsumerGroupAsync(stream, "usage-writers", "0");
        await fixture.Services.GetRequiredService<UsageStream>().AppendToAsync(stream, records[..10]);
        await fixture.Services.GetRequiredService<UsageStream>().AppendToAsync(stream, records[10..]);

        // The dead consumer read both entries; it got the second one into PostgreSQL before
        // dying, but acknowledged neither.
        var taken = await Redis.StreamReadGroupAsync(stream, "usage-writers", "dead-consumer", count: 10);
        Assert.Equal(2, taken.Length);
        await fixture.Services.GetRequiredService<UsageWriter>().WriteAsync(records[10..], CancellationToken.None);

        using var survivor = fixture.BuildHost(new Dictionary<string, string?> { ["DataAccess:UsageStream:StreamKey"] = stream });
        await survivor.StartAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await Redis.StreamLengthAsync(stream) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the survivor did not reclaim the dead consumer's entries");
                await Task.Delay(50);
            }
        }
        finally
        {
            await survivor.StopAsync();
            await Redis.KeyDeleteAsync(stream);
        }

        var total = (await fixture.Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total;
        Assert.Equal((20L, 20L), (total.Requests, total.InputTokens));
        Assert.Equal(20L, await fixture.QueryScalarAsync<long>("SELECT count(*) FROM usage_events WHERE api_key_id = $1", key));
    }

    [Fact]
    public async Task An_unreadable_entry_goes_to_the_dead_letter_stream_not_away()
    {
        await Redis.StreamAddAsync(fixture.UsageStreamKey, UsageStream.RecordsField, "{not json");

        await fixture.FlushUsageAsync();

        var dead = await Redis.ExecuteAsync("XRANGE", fixture.UsageStreamKey + ":dead", "-", "+");
        Assert.Contains((RedisResult[])dead!, entry => ((RedisResult[])entry[1]!).Any(field => (string?)field == "{not json"));
    }

    [Fact]
    public async Task Switching_strategies_under_traffic_counts_every_record_once()
    {
        var key = await NewKeyAsync();
        var previous = fixture.Storage.GetStorageConfig(DataType.Usage);
        var through = previous with { WriteStrategy = WriteStrategy.WriteThrough };
        using var stop = new CancellationTokenSource();
        var recorded = 0L;

        async Task WriterAsync()
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                (await fixture.Usage.RecordUsageAsync(Record(key, i++))).EnsureSuccess();
                Interlocked.Increment(ref recorded);
            }
        }

        var writers = Enumerable.Range(0, 6).Select(_ => Task.Run(WriterAsync)).ToArray();
        for (var round = 0; round < 6; round++)
        {
            await Task.Delay(150);
            (await fixture.Storage.SwitchStorageStrategyAsync(DataType.Usage, round % 2 == 0 ? through : previous)).Unwrap();
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        (await fixture.Storage.SwitchStorageStrategyAsync(DataType.Usage, previous)).Unwrap();
        await fixture.FlushUsageAsync();

        Assert.True(recorded > 100, $"only {recorded} records were written");
        var total = (await fixture.Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total;
        Assert.Equal((recorded, recorded), (total.Requests, total.InputTokens));
    }

    // The append to the stream times out (the server holds it: CLIENT PAUSE) but runs
    // afterwards; PostgreSQL takes the records meanwhile. The consumer's copy and the
    // fallback's carry the same event ids, so the records count once.
    [Fact]
    public async Task An_append_that_timed_out_but_ran_counts_once_with_the_fallback()
    {
        await using var server = await RedisServerProcess.StartAsync();
        var stream = $"test:{Guid.NewGuid():N}:usage";
        using var host = fixture.BuildHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = server.Endpoint + ",asyncTimeout=300,syncTimeout=300",
            ["DataAccess:UsageStream:StreamKey"] = stream,
        });
        await host.StartAsync();
        try
        {
            var key = await NewKeyAsync();
            await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Endpoint + ",allowAdmin=true");
            // The pause is long against the 300 ms timeout so that a loaded machine, slow to
            // write the fallback, still finishes the call inside it.
            var pause = TimeSpan.FromSeconds(6);
            var paused = Stopwatch.StartNew();
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", ((long)pause.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "WRITE");

            (await host.Services.GetRequiredService<IUsageStore>().RecordUsageBatchAsync([Record(key, 0), Record(key, 1)])).EnsureSuccess();

            Assert.True(paused.Elapsed < pause, $"the append should have timed out before the pause ended, but the call took {paused.Elapsed.TotalMilliseconds:F0} ms");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (paused.Elapsed < pause + TimeSpan.FromMilliseconds(500) || await admin.GetDatabase().StreamLengthAsync(stream) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the stream was not drained");
                await Task.Delay(50);
            }

            Assert.Equal(2L, (await fixture.Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total.Requests);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // A record PostgreSQL cannot store (a NUL character, which the edge refuses, got in
    // anyway) is set aside with its reason; the records beside it and after it are written,
    // and health says an operator has something to look at.
    [Fact]
    public async Task A_record_PostgreSQL_refuses_is_dead_lettered_and_the_rest_are_written()
    {
        var key = await NewKeyAsync();
        var stream = $"test:{Guid.NewGuid():N}:usage";
        var deadLetters = stream + ":dead";
        using var host = fixture.BuildHost(new Dictionary<string, string?>
        {
            ["DataAccess:UsageStream:StreamKey"] = stream,
            ["DataAccess:UsageStream:DeadLetterKey"] = deadLetters,
        });
        await host.StartAsync();
        try
        {
            var usageStream = host.Services.GetRequiredService<UsageStream>();
            var batch = UsageRules.Normalize([Record(key, 0), Record(key, 1) with { Model = "a\u0000b" }, Record(key, 2)], DateTimeOffset.UtcNow);
            await usageStream.AppendToAsync(stream, batch);
            await usageStream.AppendToAsync(stream, UsageRules.Normalize([Record(key, 3)], DateTimeOffset.UtcNow));

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await Redis.StreamLengthAsync(stream) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the stream was not drained past the refused record");
                await Task.Delay(50);
            }

            Assert.Equal(3L, (await fixture.Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total.Requests);
            var dead = Assert.Single(await Redis.StreamRangeAsync(deadLetters));
            Assert.StartsWith("22021", (string?)dead["reason"]);
            Assert.Contains(batch[1].EventId!.Value.ToString(), (string?)dead[UsageStream.RecordsField]);
            var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Degraded, health.Entries[UsageStreamHealthCheck.Name].Status);
        }
        finally
        {
            await host.StopAsync();
            await Redis.KeyDeleteAsync([stream, deadLetters]);
        }
    }

    private async Task<Guid> NewKeyAsync() =>
        (await fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "write-behind" })).Unwrap().Id;

    private static UsageRecord Record(Guid key, int i) => new() { ApiKeyId = key, Model = $"model-{i % 3}", InputTokens = 1, Cost = 0.001m };
}
