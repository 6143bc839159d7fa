using System.Diagnostics;
using DataAccess;
using DataAccess.ApiKeys;
using DataAccess.Postgres.Schema;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;
using TestSupport;

namespace Benchmarks;

// Two figures for the data-access layer, each against a baseline measured in the same run:
//  1. usage ingestion through RecordUsageBatchAsync (events, hourly rollups and totals, in
//     batches of 500) against a plain binary COPY of the same rows into a bare table;
//  2. ValidateApiKeyAsync served from the Redis cache against a raw GET of the same entry.
//
//   dotnet run -c Release --project tests/Benchmarks -- data-access [--batches 100] [--validations 20000]
internal static class DataAccessBenchmark
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchmarkArguments(args);
        var batches = arguments.Integer("batches", 100);
        var validations = arguments.Integer("validations", 20_000);

        await using var database = await PostgresTestDatabase.CreateAsync("bench");
        using var postgresHost = BuildHost(database.ConnectionString, "postgres");
        await MigrateAsync(postgresHost);
        await postgresHost.StartAsync();
        var ingestion = await MeasureIngestionAsync(postgresHost, batches);
        await postgresHost.StopAsync();

        // Aspire's Redis client traces every command through StackExchange.Redis's profiler,
        // whether or not the traces are exported; the services run with it, the old client's
        // figures were taken without: both are shown.
        var validation = new List<(string Name, Latency Get, Latency Validate)>();
        foreach (var (name, tracing) in new[] { ("Redis tracing on (the services' default)", true), ("Redis tracing off (DisableTracing)", false) })
        {
            using var hybridHost = BuildHost(database.ConnectionString, "hybrid", tracing);
            await hybridHost.StartAsync();
            var (get, validate) = await MeasureValidationAsync(hybridHost, validations);
            validation.Add((name, get, validate));
            await hybridHost.StopAsync();
        }

        Console.WriteLine($"Usage ingestion: {batches} batches of {BatchSize} records into PostgreSQL");
        Console.WriteLine($"  plain binary COPY into a bare table   {ingestion.Baseline,12:N0} events/s   {ingestion.BaselineCost} per event in this process");
        Console.WriteLine($"  RecordUsageBatchAsync (with rollups)  {ingestion.Ours,12:N0} events/s   {ingestion.OursCost} per event in this process");
        Console.WriteLine($"  ratio                                 {ingestion.Ours / ingestion.Baseline,12:0.00}   (goal >= 0.5)");
        Console.WriteLine($"API key validation on a cache hit: {validations:N0} sequential calls");
        foreach (var (name, get, validate) in validation)
        {
            Console.WriteLine($"  {name}");
            Console.WriteLine($"    raw Redis GET          p50 {get.P50,8:0.0} us   p99 {get.P99,8:0.0} us   {get.Cost}");
            Console.WriteLine($"    ValidateApiKeyAsync    p50 {validate.P50,8:0.0} us   p99 {validate.P99,8:0.0} us   {validate.Cost}");
            Console.WriteLine($"    ratio at p50           {validate.P50 / get.P50,8:0.00}   (goal <= 1.5)");
        }

        return 0;
    }

    private static async Task<Ingestion> MeasureIngestionAsync(IHost host, int batches)
    {
        var usage = host.Services.GetRequiredService<IUsageStore>();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var create = dataSource.CreateCommand("""
            CREATE TABLE bench_copy (occurred_at timestamptz, event_id uuid, api_key_id uuid, account_id uuid, account_type text, model text,
                input_tokens bigint, output_tokens bigint, cache_create_tokens bigint, cache_read_tokens bigint, ephemeral_5m_tokens bigint,
                ephemeral_1h_tokens bigint, cost numeric(20, 10), request_count integer)
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var workload = Workload(batches + 4);
        for (var i = 0; i < 2; i++)
        {
            await CopyAsync(dataSource, workload[i]);
            (await usage.RecordUsageBatchAsync(workload[i + 2])).EnsureSuccess();
        }

        var measured = workload[4..];
        var events = (long)batches * BatchSize;
        var copyCost = CostMeter.Start();
        var copy = Stopwatch.StartNew();
        foreach (var batch in measured)
        {
            await CopyAsync(dataSource, batch);
        }

        var copied = copy.Elapsed;
        var copiedCost = copyCost.PerOperation(events);
        var oursCost = CostMeter.Start();
        var ours = Stopwatch.StartNew();
        foreach (var batch in measured)
        {
            (await usage.RecordUsageBatchAsync(batch)).EnsureSuccess();
        }

        var recorded = ours.Elapsed;
        return new Ingestion(events / copied.TotalSeconds, copiedCost, events / recorded.TotalSeconds, oursCost.PerOperation(events));
    }

    private static async Task<(Latency Get, Latency Validate)> MeasureValidationAsync(IHost host, int count)
    {
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var created = (await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "benchmark" })).Unwrap();
        (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        var cacheKey = $"crs2:cache:apikey:hash:{created.HashedKey}";
        if (!await redis.KeyExistsAsync(cacheKey))
        {
            throw new InvalidOperationException("The validation was not cached; the benchmark would measure PostgreSQL.");
        }

        for (var i = 0; i < 2000; i++)
        {
            await redis.StringGetAsync(cacheKey);
            (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
        }

        // Each run of calls on its own, so that what a call costs the process (CPU, allocations)
        // is its own; then both interleaved, so that their latencies share the machine's moments.
        var get = await MeasureAsync(count, () => redis.StringGetAsync(cacheKey));
        var validate = await MeasureAsync(count, async () => (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap());
        var gets = new double[count];
        var validates = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await redis.StringGetAsync(cacheKey);
            gets[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            started = Stopwatch.GetTimestamp();
            (await keys.ValidateApiKeyAsync(created.HashedKey)).Unwrap();
            validates[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return (Latency.Of(gets, get), Latency.Of(validates, validate));
    }

    private static async Task<OperationCost> MeasureAsync(int count, Func<Task> call)
    {
        GC.Collect();
        var cost = CostMeter.Start();
        for (var i = 0; i < count; i++)
        {
            await call();
        }

        return cost.PerOperation(count);
    }

    private static async Task CopyAsync(NpgsqlDataSource dataSource, UsageRecord[] batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY bench_copy (occurred_at, event_id, api_key_id, account_id, account_type, model, input_tokens, output_tokens, cache_create_tokens, " +
            "cache_read_tokens, ephemeral_5m_tokens, ephemeral_1h_tokens, cost, request_count) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var record in batch)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(record.Timestamp!.Value, NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await importer.WriteAsync(record.ApiKeyId, NpgsqlDbType.Uuid);
                await importer.WriteAsync(record.AccountId!.Value, NpgsqlDbType.Uuid);
                await importer.WriteAsync(record.AccountType, NpgsqlDbType.Text);
                await importer.WriteAsync(record.Model, NpgsqlDbType.Text);
                await importer.WriteAsync(record.InputTokens, NpgsqlDbType.Bigint);
                await importer.WriteAsync(record.OutputTokens, NpgsqlDbType.Bigint);
                await importer.WriteAsync(record.CacheCreateTokens, NpgsqlDbType.Bigint);
                await importer.WriteAsync(record.CacheReadTokens, NpgsqlDbType.Bigint);
                await importer.WriteAsync(record.Ephemeral5mTokens, NpgsqlDbType.Bigint);
                await importer.WriteAsync(record.Ephemeral1hTokens, NpgsqlDbType.Bigint);
                await importer.WriteAsync(record.Cost, NpgsqlDbType.Numeric);
                await importer.WriteAsync(record.RequestCount, NpgsqlDbType.Integer);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    // What a live relay records in a batch: requests of the last couple of minutes, from 50
    // keys of which a few are busy (popularity falls off as 1/rank) on 10 accounts and a
    // handful of models.
    private static UsageRecord[][] Workload(int batches)
    {
        var random = new Random(42);
        var keys = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        var weights = keys.Select((_, rank) => 1.0 / (rank + 1)).ToArray();
        var totalWeight = weights.Sum();
        var accounts = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        string[] models = ["claude-sonnet-4-20250514", "claude-opus-4-20250514", "claude-3-5-haiku-20241022", "claude-3-7-sonnet-20250219", "gpt-4o"];
        var now = DateTimeOffset.UtcNow;

        Guid PickKey()
        {
            var point = random.NextDouble() * totalWeight;
            for (var i = 0; i < keys.Length; i++)
            {
                point -= weights[i];
                if (point <= 0)
                {
                    return keys[i];
                }
            }

            return keys[^1];
        }

        return [.. Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, BatchSize).Select(_ => new UsageRecord
        {
            ApiKeyId = PickKey(),
            AccountId = accounts[random.Next(accounts.Length)],
            Model = models[random.Next(models.Length)],
            InputTokens = random.Next(10, 5000),
            OutputTokens = random.Next(10, 2000),
            CacheCreateTokens = random.Next(0, 1000),
            CacheReadTokens = random.Next(0, 20000),
            Cost = random.Next(1, 100_000) / 1_000_000m,
            Timestamp = now.AddSeconds(-random.Next(0, 120)),
        }).ToArray())];
    }

    private static IHost BuildHost(string postgres, string databaseType, bool redisTracing = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = postgres,
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["Database:Type"] = databaseType,
            ["Security:EncryptionKey"] = "benchmark-encryption-key",
            ["DataAccess:UsageStream:StreamKey"] = $"bench:{Guid.NewGuid():N}:usage",
            ["Aspire:StackExchange:Redis:DisableTracing"] = redisTracing ? "false" : "true",
        });
        builder.AddPostgresDataSourceAsTheServicesDo();
        builder.AddRedisClientsAsTheServicesDo();
        builder.AddDataAccess();
        return builder.Build();
    }

    private static async Task MigrateAsync(IHost host) =>
        await new SchemaMigrator(host.Services.GetRequiredService<NpgsqlDataSource>(), new EmbeddedMigrationSource(),
            host.Services.GetRequiredService<ILogger<SchemaMigrator>>()).MigrateAsync();

    private sealed record Ingestion(double Baseline, OperationCost BaselineCost, double Ours, OperationCost OursCost);
}
