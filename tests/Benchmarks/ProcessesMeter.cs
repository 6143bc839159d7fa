using System.Diagnostics;

namespace Benchmarks;

// The CPU time every process of a run spent over a measured stretch: per request for each,
// and all together as a share of the machine's cores. A paced run's latency depends on how
// busy the cores were, which the requests/s of the run do not tell.
internal sealed class ProcessesMeter
{
    private readonly (string Name, Func<TimeSpan> ProcessorTime)[] _processes;
    private readonly TimeSpan[] _start;
    private readonly long _started;

    private ProcessesMeter((string Name, Func<TimeSpan> ProcessorTime)[] processes)
    {
        _processes = processes;
        _start = [.. processes.Select(process => process.ProcessorTime())];
        _started = Stopwatch.GetTimestamp();
    }

    public static ProcessesMeter Start((string Name, Func<TimeSpan> ProcessorTime)[] processes) => new(processes);

    // "stand-in 26, gateway 78, …; cores 97 % busy", leaving out processes that did nothing.
    public string PerRequest(long requests)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var spent = _processes.Select((process, index) => process.ProcessorTime() - _start[index]).ToArray();
        var perProcess = spent
            .Select((cpu, index) => $"{_processes[index].Name} {cpu.TotalMicroseconds / requests:N0}")
            .Where(text => !text.EndsWith(" 0", StringComparison.Ordinal));
        var busy = spent.Sum(cpu => cpu.TotalSeconds) / (elapsed.TotalSeconds * Environment.ProcessorCount);
        return $"{string.Join(", ", perProcess)}; cores {busy:P0} busy";
    }
}
