using System.Diagnostics;
using System.Globalization;
using DataAccess.Redis;
using StackExchange.Redis;
using TestSupport;

namespace Benchmarks;

// StackExchange.Redis (one multiplexer, as the services share it, connected with their
// RedisConnectionPolicy) against redis-benchmark, both doing GET and SET of 100-byte values
// with 50 concurrent callers, on one redis-server started for the run; then one caller's
// sequential GET latency, what a request's cache lookup waits. Each is measured with the
// socket manager the DataService uses (the thread pool) and with StackExchange.Redis's
// default one (dedicated reader threads), to show what the choice is worth.
//
//   dotnet run -c Release --project tests/Benchmarks -- redis-client [--clients 50] [--requests 200000] [--size 100] [--sequential 20000]
internal static class RedisClientBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchmarkArguments(args);
        var clients = arguments.Integer("clients", 50);
        var requests = arguments.Integer("requests", 200_000);
        var size = arguments.Integer("size", 100);
        var sequential = arguments.Integer("sequential", 20_000);

        await using var server = await RedisServerProcess.StartAsync();
        var baseline = await RunRedisBenchmarkAsync(server.Port, clients, requests, size);
        var value = new byte[size];
        Random.Shared.NextBytes(value);
        var configurations = new (string Name, Action<ConfigurationOptions> Policy)[]
        {
            ("ThreadPool (DataService)", RedisConnectionPolicy.ApplyForRequests),
            ("Shared (SE.Redis default)", RedisConnectionPolicy.Apply),
        };
        var connections = new List<(string Name, ConnectionMultiplexer Connection)>();
        foreach (var (name, policy) in configurations)
        {
            var options = ConfigurationOptions.Parse(server.Endpoint);
            policy(options);
            connections.Add((name, await ConnectionMultiplexer.ConnectAsync(options)));
        }

        // Every connection warmed up before any is measured, and each operation measured on
        // every connection in turn, so that neither the JIT nor a busy moment favours one.
        var sets = new List<Measurement>();
        var gets = new List<Measurement>();
        var sequentialGets = new List<Latency>();
        try
        {
            foreach (var (_, connection) in connections)
            {
                var redis = connection.GetDatabase();
                await MeasureAsync(clients, requests / 4, (key, count) => SetLoopAsync(redis, key, value, count));
                await MeasureAsync(clients, requests / 4, (key, count) => GetLoopAsync(redis, key, size, count));
                await MeasureSequentialAsync(redis, size, sequential / 4);
            }

            foreach (var (_, connection) in connections)
            {
                var redis = connection.GetDatabase();
                sets.Add(await MeasureAsync(clients, requests, (key, count) => SetLoopAsync(redis, key, value, count)));
            }

            foreach (var (_, connection) in connections)
            {
                var redis = connection.GetDatabase();
                gets.Add(await MeasureAsync(clients, requests, (key, count) => GetLoopAsync(redis, key, size, count)));
            }

            foreach (var (_, connection) in connections)
            {
                sequentialGets.Add(await MeasureSequentialAsync(connection.GetDatabase(), size, sequential));
            }
        }
        finally
        {
            foreach (var (_, connection) in connections)
            {
                await connection.DisposeAsync();
            }
        }

        var results = connections.Select((connection, index) => (connection.Name, Set: sets[index], Get: gets[index], Sequential: sequentialGets[index])).ToList();
        Console.WriteLine($"Redis client benchmark: {clients} concurrent callers, {size}-byte values, {requests:N0} requests per operation, redis-server on {server.Endpoint}");
        Console.WriteLine($"{"socket manager",-27}{"operation",-6}{"redis-benchmark req/s",23}{"SE.Redis req/s",16}{"ratio",7}{"CPU/op",11}{"allocated/op",14}");
        foreach (var (name, set, get, _) in results)
        {
            foreach (var (operation, ours) in new[] { ("SET", set), ("GET", get) })
            {
                var theirs = baseline[operation];
                Console.WriteLine(
                    $"{name,-27}{operation,-6}{theirs,23:N0}{ours.RequestsPerSecond,16:N0}{ours.RequestsPerSecond / theirs,7:0.00}" +
                    $"{ours.Cost.CpuMicroseconds,8:0.0} us{ours.Cost.AllocatedBytes,12:N0} B");
            }
        }

        Console.WriteLine($"One caller, {sequential:N0} sequential GETs:");
        foreach (var (name, _, _, latency) in results)
        {
            Console.WriteLine($"{name,-27}p50 {latency.P50,7:0.0} us   p99 {latency.P99,7:0.0} us   {latency.Cost}");
        }

        return 0;
    }

    // The loops call the client directly, so what is allocated per operation is the client's.
    private static async Task SetLoopAsync(IDatabase redis, string key, byte[] value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await redis.StringSetAsync(key, value);
        }
    }

    private static async Task GetLoopAsync(IDatabase redis, string key, int size, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var read = await redis.StringGetAsync(key);
            if (read.Length() != size)
            {
                throw new InvalidOperationException($"GET {key} returned {read.Length()} bytes, expected {size}.");
            }
        }
    }

    private static async Task<Measurement> MeasureAsync(int callers, int requests, Func<string, int, Task> callerLoop)
    {
        var perCaller = requests / callers;
        GC.Collect();
        var cost = CostMeter.Start();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(() => callerLoop($"key:{caller}", perCaller))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var total = perCaller * callers;
        return new Measurement(total / elapsed.TotalSeconds, cost.PerOperation(total));
    }

    private static async Task<Latency> MeasureSequentialAsync(IDatabase redis, int size, int count)
    {
        var samples = new double[count];
        GC.Collect();
        var cost = CostMeter.Start();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await redis.StringGetAsync("key:0");
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return Latency.Of(samples, cost.PerOperation(count));
    }

    // redis-benchmark --csv prints "test","rps",... with one row per test.
    private static async Task<Dictionary<string, double>> RunRedisBenchmarkAsync(int port, int clients, int requests, int size)
    {
        var start = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-n", requests.ToString(CultureInfo.InvariantCulture), "-d", size.ToString(CultureInfo.InvariantCulture), "-t", "set,get", "--csv" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark failed: {await process.StandardError.ReadToEndAsync()}");
        }

        var results = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(',').Select(cell => cell.Trim('"')).ToArray();
            results[cells[0]] = double.Parse(cells[1], CultureInfo.InvariantCulture);
        }

        return results;
    }

    private sealed record Measurement(double RequestsPerSecond, OperationCost Cost);
}
