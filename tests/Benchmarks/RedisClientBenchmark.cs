using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using TestSupport;

namespace Benchmarks;

// StackExchange.Redis (one multiplexer, as the services share it) against redis-benchmark,
// both doing GET and SET of 100-byte values with 50 concurrent callers, on one redis-server
// started for the run.
//
//   dotnet run -c Release --project tests/Benchmarks -- redis-client [--clients 50] [--requests 200000] [--size 100]
internal static class RedisClientBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchmarkArguments(args);
        var clients = arguments.Integer("clients", 50);
        var requests = arguments.Integer("requests", 200_000);
        var size = arguments.Integer("size", 100);

        await using var server = await RedisServerProcess.StartAsync();
        var baseline = await RunRedisBenchmarkAsync(server.Port, clients, requests, size);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        var redis = connection.GetDatabase();
        var value = new byte[size];
        Random.Shared.NextBytes(value);
        await MeasureAsync("warm-up", clients, requests / 4, (key, count) => SetLoopAsync(redis, key, value, count));
        var set = await MeasureAsync("SET", clients, requests, (key, count) => SetLoopAsync(redis, key, value, count));
        var get = await MeasureAsync("GET", clients, requests, (key, count) => GetLoopAsync(redis, key, size, count));

        Console.WriteLine($"Redis client benchmark: {clients} concurrent callers, {size}-byte values, {requests:N0} requests per operation, redis-server on {server.Endpoint}");
        Console.WriteLine($"{"operation",-10}{"redis-benchmark req/s",24}{"SE.Redis req/s",20}{"ratio",8}{"allocated/op",15}");
        foreach (var (name, ours) in new[] { ("SET", set), ("GET", get) })
        {
            var theirs = baseline[name];
            Console.WriteLine($"{name,-10}{theirs,24:N0}{ours.RequestsPerSecond,20:N0}{ours.RequestsPerSecond / theirs,8:0.00}{ours.BytesPerOperation,13:N0} B");
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

    private static async Task<Measurement> MeasureAsync(string name, int callers, int requests, Func<string, int, Task> callerLoop)
    {
        var perCaller = requests / callers;
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(() => callerLoop($"key:{caller}", perCaller))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var total = perCaller * callers;
        return new Measurement(name, total / elapsed.TotalSeconds, (double)allocated / total);
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

    private sealed record Measurement(string Name, double RequestsPerSecond, double BytesPerOperation);
}
