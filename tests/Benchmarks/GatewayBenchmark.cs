using System.Diagnostics;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text;
using DataAccess;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Postgres.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TestSupport;

namespace Benchmarks;

// The gateway with every check on (a real key with high limits and a concurrency limit, an
// account, usage recorded) against the stand-in Anthropic API directly and against a bare
// YARP pass-through, in one run, each in its own process, 64 connections, non-streaming and
// streaming: requests/s, p50/p99, the server's CPU time per request, ratios, the latency the
// gateway adds, saturated (wrk) and again at a fixed rate, 5,000/s by default (this
// program, an open loop); then the usage PostgreSQL recorded against the requests the
// gateway answered (must be 1.000 for the paced ones). The three saturated runs of a mode
// take turns in slices, so that the machine's changes of speed over a run fall on all three
// alike.
//
//   dotnet run -c Release --project tests/Benchmarks -- gateway [--seconds 10] [--rounds 5] [--warmup 20] [--connections 64] [--paced-rate 5000]
internal static class GatewayBenchmark
{
    private const string EncryptionKey = "benchmark-encryption-key";
    private const string ServiceToken = "benchmark-service-token-0123456789";
    private static readonly TimeSpan WarmUpSlice = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LeadIn = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        // The paced sender's answers are read on the runtime's socket threads instead of being
        // handed to the thread pool, which halves the CPU it takes from the servers it measures
        // (set before this process opens a socket; the servers it starts keep their own setting).
        Environment.SetEnvironmentVariable(AppProcess.InlineSocketCompletions, "1");
        var arguments = new BenchmarkArguments(args);
        var duration = TimeSpan.FromSeconds(arguments.Integer("seconds", 10));
        var connections = arguments.Integer("connections", 64);
        var rounds = arguments.Integer("rounds", 5);

        var warmUp = TimeSpan.FromSeconds(arguments.Integer("warmup", 20));
        // Half the gateway's throughput goal (10,000/s), the same in every run so that two
        // runs' paced latencies compare.
        var pacedRate = arguments.Integer("paced-rate", 5_000);

        await using var redis = await RedisServerProcess.StartAsync();
        await using var database = await PostgresTestDatabase.CreateAsync("bench_gateway");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["ConnectionStrings__redis"] = redis.Endpoint,
            ["Security__EncryptionKey"] = EncryptionKey,
            ["DataService__Auth__ServiceTokens__0"] = ServiceToken,
        };
        // The key and the account the run needs go straight to PostgreSQL, where the services
        // read them: with this process's socket completions inline, StackExchange.Redis times
        // out connecting its subscription here, and seeding needs no Redis.
        using var host = DataAccessHost.Build(
            new Dictionary<string, string>(settings.Where(setting => setting.Key != "ConnectionStrings__redis")) { ["DATABASE_TYPE"] = "postgres" });
        await new SchemaMigrator(host.Services.GetRequiredService<NpgsqlDataSource>(), new EmbeddedMigrationSource(),
            host.Services.GetRequiredService<ILogger<SchemaMigrator>>()).MigrateAsync();
        // wrk's requests (saturated) and the paced ones under keys of their own: the usage of
        // the paced ones is counted exactly, that of wrk's within the requests it cut off.
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        var wrkKey = (await keys.CreateApiKeyAsync(BenchmarkKey("gateway benchmark, wrk"))).Unwrap();
        var pacedKey = (await keys.CreateApiKeyAsync(BenchmarkKey("gateway benchmark, paced"))).Unwrap();
        (await host.Services.GetRequiredService<IClaudeAccountStore>().CreateClaudeAccountAsync(new CreateAccountRequest
        {
            Name = "benchmark account",
            OAuthData = new OAuthCredentials { AccessToken = "sk-ant-oat01-benchmark", RefreshToken = "sk-ant-ort01-benchmark", ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) },
        })).Unwrap();

        // The stand-in is the Anthropic API, which uses none of the relay's cores: its idle
        // thread-pool threads do not spin (at 5,000 requests/s they took 75 µs of CPU per
        // request spinning, 41 without), so that it takes as little as it can from the targets.
        await using var standIn = await AppProcess.StartModeAsync(
            GatewayServers.StandInMode, new Dictionary<string, string> { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }, "/v1/models");
        await using var passThrough = await AppProcess.StartModeAsync(
            GatewayServers.PassThroughMode, new Dictionary<string, string> { [GatewayServers.UpstreamVariable] = standIn.Address.ToString() }, "/v1/models");
        // Traces sampled as the README advises for such request rates.
        var sampling = new Dictionary<string, string>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0.01",
        };
        await using var dataService = await DataServiceProcess.StartAsync(
            new Dictionary<string, string>(settings.Concat(sampling)) { [AppProcess.InlineSocketCompletions] = "0" });
        await using var gateway = await AppProcess.StartProjectAsync("Gateway", new Dictionary<string, string>(sampling)
        {
            ["ConnectionStrings__redis"] = redis.Endpoint,
            ["Security__EncryptionKey"] = EncryptionKey,
            ["DataService__Client__BaseAddress"] = dataService.Address.ToString(),
            ["DataService__Client__Token"] = ServiceToken,
            ["Gateway__Upstreams__Claude"] = standIn.Address.ToString(),
        });

        // Every process of the run shares the cores, so each one's CPU time per request is
        // shown: unlike requests/s, it does not depend on what else the machine is doing.
        var processes = new (string Name, Func<TimeSpan> ProcessorTime)[]
        {
            ("stand-in", () => standIn.ProcessorTime),
            ("bare YARP", () => passThrough.ProcessorTime),
            ("gateway", () => gateway.ProcessorTime),
            ("redis", () => redis.ProcessorTime),
            ("dataservice", () => dataService.ProcessorTime),
            ("postgres", new PostgresBackends(database.Name).ProcessorTime),
            ("load generator", Wrk.LoadGeneratorProcessorTime),
        };

        Console.WriteLine($"Gateway benchmark: {connections} connections, {duration.TotalSeconds:0} s per target after at least {warmUp.TotalSeconds:0} s of warm-up (until the target's CPU per request settles), measured in {rounds} turns of direct, bare YARP and gateway, each after {LeadIn.TotalSeconds:0} s of load that does not count; load from wrk ({Environment.ProcessorCount} threads), paced load from this program; stand-in, bare YARP and gateway each in its own process on {Environment.ProcessorCount} cores shared with the load generator; gateway and DataService traces sampled at 1 %");
        Console.WriteLine($"{"mode",-14}{"target",-14}{"requests/s",12}{"p50 ms",9}{"p99 ms",9}{"errors",8}{"CPU us/req",12}{"warm-up s",11}   CPU us/req of every process");
        var (saturatedAnswered, wrkRuns, pacedAnswered) = (0L, 0, 0L);
        var results = new List<(bool Stream, Run Direct, Run Yarp, Run Gateway)>();
        var paced = new List<(bool Stream, double Rate, Run Direct, Run Yarp, Run Gateway)>();
        foreach (var stream in new[] { false, true })
        {
            var body = Encoding.UTF8.GetBytes(
                $$"""{"model":"{{AnthropicStandIn.Model}}","max_tokens":256,"stream":{{(stream ? "true" : "false")}},"system":"You are a benchmark.","messages":[{"role":"user","content":"Say hello."}]}""");
            var mode = stream ? "streaming" : "non-streaming";
            using var wrk = new Wrk(wrkKey.ApiKey, body, connections);
            var saturated = await MeasureInTurnsAsync(
                mode, [("direct", standIn), ("bare YARP", passThrough), ("gateway", gateway)], processes, wrk, warmUp, duration, rounds);
            var (direct, yarp, through) = (saturated[0], saturated[1], saturated[2]);
            saturatedAnswered += through.Answered + through.UnmeasuredAnswered;
            wrkRuns += through.WrkRuns;
            results.Add((stream, direct, yarp, through));

            // Saturated, 64 connections wait on one another (latency = connections / rate),
            // so the time a request takes is measured again at a fixed rate.
            var directPaced = await PaceAsync(mode, "direct", standIn, processes, pacedKey.ApiKey, body, connections, pacedRate, duration);
            var yarpPaced = await PaceAsync(mode, "bare YARP", passThrough, processes, pacedKey.ApiKey, body, connections, pacedRate, duration);
            var gatewayPaced = await PaceAsync(mode, "gateway", gateway, processes, pacedKey.ApiKey, body, connections, pacedRate, duration);
            pacedAnswered += gatewayPaced.Answered;
            paced.Add((stream, pacedRate, directPaced, yarpPaced, gatewayPaced));
        }

        Console.WriteLine();
        foreach (var (stream, direct, yarp, through) in results)
        {
            Console.WriteLine($"{(stream ? "streaming" : "non-streaming"),-14}gateway/direct {through.PerSecond / direct.PerSecond:0.00}, gateway/bare YARP {through.PerSecond / yarp.PerSecond:0.00}, " +
                $"added p50 {through.P50 - direct.P50:0.00} ms (YARP {yarp.P50 - direct.P50:0.00}), added p99 {through.P99 - direct.P99:0.00} ms (YARP {yarp.P99 - direct.P99:0.00}), " +
                $"CPU per request gateway/bare YARP {through.CpuMicroseconds / yarp.CpuMicroseconds:0.00}");
        }

        // The paced rate's share of what the gateway managed saturated in the same run: its p99
        // grows steeply with that share (a moment's shortfall leaves a backlog that drains only
        // at the spare capacity), which the machine's speed moves from run to run.
        foreach (var ((stream, rate, direct, yarp, through), saturated) in paced.Zip(results))
        {
            Console.WriteLine($"{(stream ? "streaming" : "non-streaming"),-14}at {rate:N0} requests/s ({rate / saturated.Gateway.PerSecond:0.00} of the gateway's saturated rate): " +
                $"added p50 {through.P50 - direct.P50:0.00} ms (YARP {yarp.P50 - direct.P50:0.00}), added p99 {through.P99 - direct.P99:0.00} ms (YARP {yarp.P99 - direct.P99:0.00})");
        }

        var recorded = await WaitForUsageAsync(database.ConnectionString, pacedKey.Id, pacedAnswered);
        Console.WriteLine($"usage recorded in PostgreSQL / requests answered by the gateway, paced (each answer awaited): {recorded:N0} / {pacedAnswered:N0} = {(double)recorded / pacedAnswered:0.000}");

        // A request wrk cut off at the end of a run may have been answered by the upstream and
        // recorded; one that was answered must have been.
        var cutOff = (long)wrkRuns * connections;
        var recordedSaturated = await WaitForUsageAsync(database.ConnectionString, wrkKey.Id, saturatedAnswered);
        var withinCutOffs = recordedSaturated >= saturatedAnswered && recordedSaturated <= saturatedAnswered + cutOff;
        Console.WriteLine($"usage recorded in PostgreSQL for wrk's requests: {recordedSaturated:N0} for {saturatedAnswered:N0} answered " +
            $"and at most {cutOff:N0} cut off ({wrkRuns} runs of {connections} connections): {(withinCutOffs ? "within" : "OUTSIDE")} those bounds");
        return recorded == pacedAnswered && withinCutOffs ? 0 : 1;
    }

    private static CreateApiKeyRequest BenchmarkKey(string name) => new()
    {
        Name = name,
        Limits = new ApiKeyLimits { ConcurrencyLimit = 10_000, RateLimitWindowMinutes = 60, RateLimitRequests = 100_000_000, DailyCostLimit = 1_000_000 },
    };

    // Warms each target up, then loads them in turns: every round gives each one a lead-in
    // (back to full speed after its pause, not counted) and a measured slice of
    // duration / rounds. Its line sums its slices.
    private static async Task<Run[]> MeasureInTurnsAsync(
        string mode, (string Name, AppProcess Target)[] targets, (string Name, Func<TimeSpan> ProcessorTime)[] processes, Wrk wrk,
        TimeSpan warmUpTime, TimeSpan duration, int rounds)
    {
        var warmUps = new (long Answered, int Runs, TimeSpan Elapsed)[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            warmUps[i] = await WarmUpAsync(wrk, targets[i].Target, warmUpTime);
        }

        var slices = targets.Select(target => new Slices(target.Target, processes)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                var leadIn = await wrk.RunAsync(targets[i].Target.Address, LeadIn);
                slices[i].LeadInAnswered += leadIn.Answered;
                await slices[i].MeasureAsync(() => wrk.RunAsync(targets[i].Target.Address, duration / rounds));
            }
        }

        var runs = new Run[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            var run = runs[i] = slices[i].ToRun(warmUps[i].Answered, warmUps[i].Runs + (2 * rounds));
            Console.WriteLine($"{mode,-14}{targets[i].Name,-14}{run.PerSecond,12:N0}{run.P50,9:0.00}{run.P99,9:0.00}{run.Errors,8}{run.CpuMicroseconds,10:N0}{warmUps[i].Elapsed.TotalSeconds,11:0}     {slices[i].Meter.PerRequest(run.Answered)}");
        }

        return runs;
    }

    private static HttpClient CreateClient(AppProcess target, string apiKey, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = target.Address,
        };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        return client;
    }

    // Loads the target until its CPU time per request stops falling (at least minimum, at
    // most MaxWarmUp): after a server starts taking load, the JIT compiler tiers its methods
    // up for a while, the longer the fewer requests it serves, and that compiling is no cost
    // of a request.
    private static async Task<(long Answered, int Runs, TimeSpan Elapsed)> WarmUpAsync(Wrk wrk, AppProcess target, TimeSpan minimum)
    {
        var (answered, runs) = (0L, 0);
        var elapsed = Stopwatch.StartNew();
        double? previous = null;
        while (true)
        {
            var processorTime = target.ProcessorTime;
            var slice = await wrk.RunAsync(target.Address, WarmUpSlice);
            (answered, runs) = (answered + slice.Answered, runs + 1);
            var cpu = (target.ProcessorTime - processorTime).TotalMicroseconds / Math.Max(1, slice.Answered);
            if ((elapsed.Elapsed >= minimum && previous is { } last && cpu >= last * 0.95) || elapsed.Elapsed >= MaxWarmUp)
            {
                return (answered, runs, elapsed.Elapsed);
            }

            previous = cpu;
        }
    }

    // Sends requests at a fixed rate however long the answers take (an open loop, up to the
    // given connections at a time), each latency counted from when its request was due, so a
    // target that falls behind shows it.
    private static async Task<Run> PaceAsync(
        string mode, string name, AppProcess target, (string Name, Func<TimeSpan> ProcessorTime)[] processes, string apiKey, byte[] body, int connections, double rate, TimeSpan duration)
    {
        using var client = CreateClient(target, apiKey, connections);
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var processorTime = target.ProcessorTime;
        var meter = new ProcessesMeter(processes);
        var clock = Stopwatch.StartNew();

        // Counted, not kept: a finished request's task holds on to its response, and tens of
        // thousands of them kept until the end made this process's own collections long; a
        // pause here delays the requests due meanwhile.
        var unanswered = total;
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? failure = null;

        await meter.MeasureAsync(SendAllAsync);
        var elapsed = clock.Elapsed.TotalSeconds;
        var answered = latencies.Where(latency => latency >= 0).Order().ToArray();
        var run = new Run(
            answered.Length / elapsed, answered[answered.Length / 2], answered[(int)(answered.Length * 0.99)], total - answered.Length, answered.Length, 0,
            (target.ProcessorTime - processorTime).TotalMicroseconds / answered.Length);
        Console.WriteLine($"{mode,-14}{name + " paced",-14}{run.PerSecond,12:N0}{run.P50,9:0.00}{run.P99,9:0.00}{run.Errors,8}{run.CpuMicroseconds,10:N0}{"",11}     {meter.PerRequest(run.Answered)}");
        return run;

        // A thread of its own sends them, sleeping a millisecond at a time: timers and a
        // busy thread pool would send them late and in bursts.
        async Task SendAllAsync()
        {
            await Task.Factory.StartNew(
                () =>
                {
                    for (var index = 0; index < total; index++)
                    {
                        var due = index / rate;
                        while (clock.Elapsed.TotalSeconds < due)
                        {
                            Thread.Sleep(1);
                        }

                        _ = SendAsync(index, due);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            await allAnswered.Task;
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        async Task SendAsync(int index, double due)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync("/v1/messages", content);
                await response.Content.ReadAsByteArrayAsync();
                latencies[index] = response.StatusCode == HttpStatusCode.OK ? (clock.Elapsed.TotalSeconds - due) * 1000 : -1;
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
            finally
            {
                if (Interlocked.Decrement(ref unanswered) == 0)
                {
                    allAnswered.SetResult();
                }
            }
        }
    }

    // Delivery is asynchronous: waits until the count stops growing.
    private static async Task<long> WaitForUsageAsync(string connectionString, Guid keyId, long expected)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        long count = -1;
        var unchangedSince = DateTime.UtcNow;
        while (DateTime.UtcNow - unchangedSince < TimeSpan.FromSeconds(10))
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM usage_events WHERE api_key_id = @key", connection);
            command.Parameters.AddWithValue("key", keyId);
            var now = (long)(await command.ExecuteScalarAsync())!;
            if (now != count)
            {
                count = now;
                unchangedSince = DateTime.UtcNow;
            }

            if (count >= expected)
            {
                await Task.Delay(1000);
                await using var again = new NpgsqlCommand("SELECT count(*) FROM usage_events WHERE api_key_id = @key", connection);
                again.Parameters.AddWithValue("key", keyId);
                return (long)(await again.ExecuteScalarAsync())!;
            }

            await Task.Delay(200);
        }

        return count;
    }


    // UnmeasuredAnswered: the requests answered in its warm-up and lead-ins, which usage counts
    // too; WrkRuns: how many wrk runs loaded it, each leaving its requests in flight unanswered.
    private sealed record Run(double PerSecond, double P50, double P99, int Errors, long Answered, long UnmeasuredAnswered, double CpuMicroseconds, int WrkRuns = 0);

    // A target's measured slices, summed: its requests, their latencies, its CPU time and
    // every process's.
    private sealed class Slices(AppProcess target, (string Name, Func<TimeSpan> ProcessorTime)[] processes)
    {
        private readonly Dictionary<double, long> _latencyCounts = [];
        private long _answered;
        private int _errors;
        private double _seconds;
        private TimeSpan _targetProcessorTime;

        public ProcessesMeter Meter { get; } = new(processes);

        public long LeadInAnswered { get; set; }

        public async Task MeasureAsync(Func<Task<Load>> loading)
        {
            var processorTime = target.ProcessorTime;
            var load = await Meter.MeasureAsync(loading);
            _targetProcessorTime += target.ProcessorTime - processorTime;
            foreach (var (milliseconds, count) in load.Latencies)
            {
                _latencyCounts[milliseconds] = _latencyCounts.GetValueOrDefault(milliseconds) + count;
            }

            _answered += load.Answered;
            _errors += load.Errors;
            _seconds += load.Seconds;
        }

        public Run ToRun(long warmUpAnswered, int wrkRuns)
        {
            var histogram = _latencyCounts.OrderBy(latency => latency.Key).ToArray();
            var timed = histogram.Sum(latency => latency.Value);
            return new Run(_answered / _seconds, Percentile(histogram, timed / 2), Percentile(histogram, (long)(timed * 0.99)), _errors, _answered,
                warmUpAnswered + LeadInAnswered, _targetProcessorTime.TotalMicroseconds / _answered, wrkRuns);
        }

        // The latency at a position of the sorted list the histogram stands for.
        private static double Percentile(KeyValuePair<double, long>[] histogram, long position)
        {
            foreach (var (milliseconds, count) in histogram)
            {
                if (position < count)
                {
                    return milliseconds;
                }

                position -= count;
            }

            throw new ArgumentOutOfRangeException(nameof(position));
        }
    }
}
