using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Benchmarks;

// Saturating load from wrk (Debian's package), one thread per core: this C load generator
// spends about 13 µs of CPU per request where an HttpClient one spent 30, CPU the servers
// measured here share. Each run is a wrk process of its own; its script prints what the run
// got, and its latency histogram (in µs, distinct values and their counts) whole, so that the
// slices of a target sum exactly; it is kept as such, not one value per request. That
// histogram is the one wrk's own report is made of: corrected for coordinated omission (an
// answer slower than a connection's mean interval stands also for the requests the connection
// would have sent meanwhile), so it holds more values than requests were answered.
//
// wrk ends a run with each connection's request in flight unanswered: up to one per
// connection is sent and never counted.
internal sealed class Wrk : IDisposable
{
    private readonly string _script = Path.Combine(Path.GetTempPath(), $"gateway-benchmark-{Guid.NewGuid():N}.lua");
    private readonly int _connections;

    public Wrk(string apiKey, byte[] body, int connections)
    {
        _connections = connections;
        File.WriteAllText(_script, $$"""
            wrk.method = "POST"
            wrk.path = "/v1/messages"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["anthropic-version"] = "2023-06-01"
            wrk.headers["x-api-key"] = "{{apiKey}}"
            wrk.body = [==[{{System.Text.Encoding.UTF8.GetString(body)}}]==]

            function done(summary, latency, requests)
              local errors = summary.errors
              io.write(string.format("result %d %d %d %d\n", summary.requests, summary.duration,
                errors.status, errors.connect + errors.read + errors.write + errors.timeout))
              for i = 1, #latency do
                local microseconds, count = latency(i)
                io.write(string.format("latency %d %d\n", microseconds, count))
              end
            end
            """);
    }

    // The load generator's CPU time: this process's (the paced sender's) and that of the wrk
    // runs it waited for.
    public static TimeSpan LoadGeneratorProcessorTime()
    {
        using var self = Process.GetCurrentProcess();
        var fields = File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // cutime and cstime (fields 16 and 17 of proc_pid_stat(5)), in clock ticks of 1/100 s.
        var childTicks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return self.TotalProcessorTime + TimeSpan.FromMilliseconds(childTicks * 10);
    }

    public async Task<Load> RunAsync(Uri target, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-t", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), "-c", _connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s", "--timeout", "30s", "-s", _script, target.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("The gateway benchmark loads its targets with wrk, which is not installed (apt-get install wrk).", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errorOutput = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await errorOutput}");
            }

            return Parse(await output);
        }
    }

    private static Load Parse(string output)
    {
        var latencies = new List<(double Milliseconds, long Count)>();
        long? requests = null;
        var (refused, failed, seconds) = (0, 0, 0.0);
        foreach (var line in output.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts[0] == "result")
            {
                requests = long.Parse(parts[1], CultureInfo.InvariantCulture);
                seconds = long.Parse(parts[2], CultureInfo.InvariantCulture) / 1e6;
                (refused, failed) = (int.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture));
            }
            else if (parts[0] == "latency")
            {
                latencies.Add((long.Parse(parts[1], CultureInfo.InvariantCulture) / 1000.0, long.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }

        if (requests is null || latencies.Count == 0)
        {
            throw new InvalidOperationException($"wrk's output could not be read: {output[..int.Min(output.Length, 2000)]}");
        }

        // Only answers that were not refused count as answered; the latencies are all of them
        // (a run with errors measures nothing useful anyway).
        return new Load(latencies, requests.Value - refused, refused + failed, seconds);
    }

    public void Dispose() => File.Delete(_script);
}

// What one wrk run got: its latency histogram (each distinct latency and how often it was
// seen), the requests answered, the failures (refused answers and socket errors), its length.
internal sealed record Load(List<(double Milliseconds, long Count)> Latencies, long Answered, int Errors, double Seconds);
