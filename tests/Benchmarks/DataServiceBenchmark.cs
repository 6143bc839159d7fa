using System.Diagnostics;
using System.Net.Http.Json;
using DataAccess;
using DataAccess.ApiKeys;
using DataAccess.Postgres.Schema;
using DataAccess.Storage;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TestSupport;

namespace Benchmarks;

// The DataService through real HTTP (its own process, loopback) against the same
// operations called in-process on DataAccess, on the same database and Redis, in one run:
//  1. API key validation by hash on a cache hit, 32 concurrent clients: requests/s, p50/p99;
//  2. usage ingestion in batches of 500 (written through to PostgreSQL), 32 concurrent
//     clients: events/s.
//
//   dotnet run -c Release --project tests/Benchmarks -- dataservice [--seconds 10] [--clients 32]
internal static class DataServiceBenchmark
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchmarkArguments(args);
        var seconds = arguments.Integer("seconds", 10);
        var clients = arguments.Integer("clients", 32);
        var duration = TimeSpan.FromSeconds(seconds);

        await using var database = await PostgresTestDatabase.CreateAsync("bench");
        var streamKey = $"bench:{Guid.NewGuid():N}:usage";
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["ConnectionStrings__redis"] = TestServers.Redis,
            ["Security__EncryptionKey"] = "benchmark-encryption-key",
            ["DataAccess__UsageStream__StreamKey"] = streamKey,
        };
        using var host = DataAccessHost.Build(settings);
        await new SchemaMigrator(host.Services.GetRequiredService<NpgsqlDataSource>(), new EmbeddedMigrationSource(),
            host.Services.GetRequiredService<ILogger<SchemaMigrator>>()).MigrateAsync();
        await host.StartAsync();
        var storage = host.Services.GetRequiredService<IStorageStrategy>();
        (await storage.SwitchStorageStrategyAsync(DataType.Usage, StorageDefaults.For(DataType.Usage) with { WriteStrategy = WriteStrategy.WriteThrough })).Unwrap();

        await using var service = await DataServiceProcess.StartAsync(settings);
        using var http = service.CreateClient();
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        var usage = host.Services.GetRequiredService<IUsageStore>();
        var created = (await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "benchmark" })).Unwrap();
        (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();

        var validateBody = new { hashedKey = created.HashedKey };
        await RunForAsync(TimeSpan.FromSeconds(2), clients, async () => await PostAsync(http, "/api/v1/apikeys/validate", validateBody));
        await RunForAsync(TimeSpan.FromSeconds(2), clients, async () => (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap());
        var httpValidate = await RunForAsync(duration, clients, async () => await PostAsync(http, "/api/v1/apikeys/validate", validateBody));
        var localValidate = await RunForAsync(duration, clients, async () => (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap());

        var httpIngest = await RunForAsync(duration, clients, async () => await PostAsync(http, "/api/v1/usage/batch", new { records = Batch(created.Id) }));
        var localIngest = await RunForAsync(duration, clients, async () => (await usage.RecordUsageBatchAsync(Batch(created.Id))).EnsureSuccess());

        Console.WriteLine($"DataService over HTTP vs DataAccess in-process, {clients} concurrent clients, {seconds} s each, same PostgreSQL and Redis");
        Console.WriteLine($"{"operation",-42}{"HTTP",14}{"in-process",14}{"ratio",8}");
        Console.WriteLine($"{"key validation, cache hit (requests/s)",-42}{httpValidate.PerSecond,14:N0}{localValidate.PerSecond,14:N0}{httpValidate.PerSecond / localValidate.PerSecond,8:0.00}");
        Console.WriteLine($"{"key validation p50 (ms)",-42}{httpValidate.P50,14:0.00}{localValidate.P50,14:0.00}{httpValidate.P50 / localValidate.P50,8:0.00}");
        Console.WriteLine($"{"key validation p99 (ms)",-42}{httpValidate.P99,14:0.00}{localValidate.P99,14:0.00}{httpValidate.P99 / localValidate.P99,8:0.00}");
        Console.WriteLine($"{"usage ingest, batches of 500 (events/s)",-42}{httpIngest.PerSecond * BatchSize,14:N0}{localIngest.PerSecond * BatchSize,14:N0}{httpIngest.PerSecond / localIngest.PerSecond,8:0.00}");
        await host.StopAsync();
        return 0;
    }

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static UsageRecord[] Batch(Guid key)
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, BatchSize).Select(i => new UsageRecord
        {
            ApiKeyId = key,
            Model = i % 3 == 0 ? "claude-opus-4-20250514" : "claude-sonnet-4-20250514",
            InputTokens = 1000 + i,
            OutputTokens = 200,
            CacheReadTokens = 5000,
            Cost = 0.0123m,
            Timestamp = now.AddSeconds(-(i % 60)),
        })];
    }

    private static async Task<Throughput> RunForAsync(TimeSpan duration, int clients, Func<Task> operation)
    {
        var latencies = new List<double>[clients];
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = [];
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(list => list).Order().ToArray();
        return new Throughput(all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }


    private sealed record Throughput(double PerSecond, double P50, double P99);
}
