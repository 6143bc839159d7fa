using System.Diagnostics;
using DataAccess.Postgres.Schema;
using DataAccess.Redis;
using DataAccess.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MigrationService.Backfill;
using Npgsql;
using StackExchange.Redis;
using TestSupport;
using TestSupport.LegacyDataset;

namespace Benchmarks;

// The legacy backfill against the raw rate of reading the same keys (SCAN with COUNT 1000 and
// pipelined HGETALL, GET for the cost strings, the next SCAN in flight), on generated legacy
// data in a redis-server started for the run; and the backfill's memory at two dataset sizes,
// which should not grow with the dataset.
//
//   dotnet run -c Release --project tests/Benchmarks -- migration [--keys 1000000] [--small 250000] [--page 5000]
internal static class MigrationBenchmark
{
    // Usage keys a generated API key brings with it (40 days, 5 active hours a day, 2 models).
    private const int KeysPerApiKey = 215;
    private const string EncryptionKey = "migration-benchmark-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchmarkArguments(args);
        var pageSize = arguments.Integer("page", 5000);
        var small = await MeasureAsync(arguments.Integer("small", 250_000), pageSize);
        var large = await MeasureAsync(arguments.Integer("keys", 1_000_000), pageSize);

        Console.WriteLine("Legacy backfill: generated claude-relay-service data (mostly usage counters) in a private redis-server, into PostgreSQL");
        Console.WriteLine($"{"keys",12}{"raw read keys/s",18}{"scan keys/s",14}{"ratio",8}{"whole run keys/s",19}{"ratio",8}{"peak GC heap",15}{"peak working set",19}");
        foreach (var run in new[] { small, large })
        {
            Console.WriteLine(
                $"{run.Keys,12:N0}{run.RawRate,18:N0}{run.ScanRate,14:N0}{run.ScanRate / run.RawRate,8:0.00}{run.WholeRate,19:N0}{run.WholeRate / run.RawRate,8:0.00}" +
                $"{run.PeakHeap / 1048576.0,12:N0} MB{run.PeakWorkingSet / 1048576.0,16:N0} MB");
        }

        Console.WriteLine($"{"keys",12}{"raw read per key",30}{"scan per key (this process)",34}");
        foreach (var run in new[] { small, large })
        {
            Console.WriteLine($"{run.Keys,12:N0}{run.RawCost,30}{run.ScanCost,34}");
        }

        Console.WriteLine("raw read: the median of three passes of SCAN and pipelined reads; scan: the pass that reads and writes every key;");
        Console.WriteLine("whole run: plus residuals, consistency checks and the verification round. Goal: ratio >= 0.5.");
        Console.WriteLine("peak GC heap: live managed memory after full collections (twice a second); it should not grow with the dataset.");
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(int keys, int pageSize)
    {
        await using var server = await RedisServerProcess.StartAsync();
        var options = ConfigurationOptions.Parse(server.Endpoint);
        RedisConnectionPolicy.Apply(options);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var redis = connection.GetDatabase();
        await LegacyDatasetGenerator.GenerateAsync(redis, new LegacyDatasetOptions
        {
            EncryptionKey = EncryptionKey,
            ApiKeys = Math.Max(1, keys / KeysPerApiKey),
            AccountsPerFamily = 10,
            CorruptEntries = false,
            KeepExpectations = false,
        });
        var count = (long)await redis.ExecuteAsync("DBSIZE");
        var rawCost = CostMeter.Start();
        var raw = await MedianRawReadAsync(redis);
        var rawPerKey = rawCost.PerOperation(3 * count);

        await using var database = await PostgresTestDatabase.CreateAsync("bench_migration");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        using var memory = new MemorySampler();
        using var loggers = PhaseLoggers();
        var scanEnded = TimeSpan.Zero;
        var scanCost = default(OperationCost);
        var cost = CostMeter.Start();
        var started = Stopwatch.StartNew();
        var report = await LegacyBackfill.RunAsync(redis, dataSource, new BackfillOptions
        {
            Security = new SecuritySettings(EncryptionKey),
            ScanPageSize = pageSize,
            Progress = new ScanEnd(() =>
            {
                scanEnded = started.Elapsed;
                scanCost = cost.PerOperation(count);
            }),
        }, loggers);
        var whole = started.Elapsed;
        if (report.HasDifferences)
        {
            throw new InvalidOperationException($"The backfill ended with differences:\n{report.Describe()}");
        }

        return new Measurement(
            count, count / raw.TotalSeconds, rawPerKey, count / scanEnded.TotalSeconds, scanCost, count / whole.TotalSeconds, memory.PeakHeap, memory.PeakWorkingSet);
    }

    // The backfill's own log (phase durations, verification rounds), timestamped, to show
    // where a run spends its time.
    private static ILoggerFactory PhaseLoggers() => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        })
        .SetMinimumLevel(LogLevel.Information));

    // The raw read varies by a third from one pass to the next on a busy machine: the median of
    // three passes is the rate the backfill is measured against.
    private static async Task<TimeSpan> MedianRawReadAsync(IDatabase redis)
    {
        var passes = new List<TimeSpan>();
        for (var pass = 0; pass < 3; pass++)
        {
            passes.Add(await RawReadAsync(redis));
        }

        return passes.Order().ElementAt(1);
    }

    // What reading every key costs without doing anything with it.
    private static async Task<TimeSpan> RawReadAsync(IDatabase redis)
    {
        var started = Stopwatch.StartNew();
        var next = redis.PageAsync(0, pageSize: 1000);
        while (true)
        {
            var page = await next;
            if (page.Cursor != 0)
            {
                next = redis.PageAsync(page.Cursor, pageSize: 1000);
            }

            var batch = redis.CreateBatch();
            var hashes = new List<Task<HashEntry[]>>();
            var strings = new List<Task<RedisValue>>();
            foreach (var key in page.Keys)
            {
                if (key.StartsWith("usage:cost:", StringComparison.Ordinal))
                {
                    strings.Add(batch.StringGetAsync(key));
                }
                else
                {
                    hashes.Add(batch.HashGetAllAsync(key));
                }
            }

            batch.Execute();
            foreach (var hash in hashes)
            {
                await Ignoring(hash);
            }

            foreach (var text in strings)
            {
                await Ignoring(text);
            }

            if (page.Cursor == 0)
            {
                return started.Elapsed;
            }
        }
    }

    // A key of another type answers an error; reading it still took its round trip.
    private static async Task Ignoring<T>(Task<T> read)
    {
        try
        {
            await read;
        }
        catch (RedisServerException)
        {
        }
    }

    private sealed record Measurement(
        long Keys, double RawRate, OperationCost RawCost, double ScanRate, OperationCost ScanCost, double WholeRate, long PeakHeap, long PeakWorkingSet);

    // The last progress report of the scan marks when the pass over every key ended.
    private sealed class ScanEnd(Action mark) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => mark();
    }

    // The highest live managed heap (measured after a full collection, twice a second) and
    // working set seen while it runs. Forcing the collections costs the run a little time.
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peakHeap;
        private long _peakWorkingSet;

        public MemorySampler()
        {
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        }

        public long PeakHeap => Interlocked.Read(ref _peakHeap);

        public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

        public void Dispose()
        {
            _timer.Dispose();
            Sample();
        }

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            Raise(ref _peakHeap, GC.GetTotalMemory(forceFullCollection: true));
            Raise(ref _peakWorkingSet, process.WorkingSet64);
        }

        private static void Raise(ref long peak, long value)
        {
            var current = Interlocked.Read(ref peak);
            while (value > current && Interlocked.CompareExchange(ref peak, value, current) != current)
            {
                current = Interlocked.Read(ref peak);
            }
        }
    }
}
