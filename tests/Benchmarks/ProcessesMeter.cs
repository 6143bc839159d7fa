using System.Diagnostics;

namespace Benchmarks;

// The CPU time every process of a run spent over the measured stretches: per request for
// each, and all together as a share of the machine's cores. A paced run's latency depends on
// how busy the cores were, which the requests/s of the run do not tell.
internal sealed class ProcessesMeter((string Name, Func<TimeSpan> ProcessorTime)[] processes)
{
    private readonly TimeSpan[] _spent = new TimeSpan[processes.Length];
    private TimeSpan _elapsed;

    // Runs the stretch and adds what every process spent while it ran.
    public async Task<T> MeasureAsync<T>(Func<Task<T>> stretch)
    {
        TimeSpan[] start = [.. processes.Select(process => process.ProcessorTime())];
        var started = Stopwatch.GetTimestamp();
        var result = await stretch();
        _elapsed += Stopwatch.GetElapsedTime(started);
        for (var i = 0; i < processes.Length; i++)
        {
            _spent[i] += processes[i].ProcessorTime() - start[i];
        }

        return result;
    }

    public Task MeasureAsync(Func<Task> stretch) => MeasureAsync(async () =>
    {
        await stretch();
        return true;
    });

    // "stand-in 26, gateway 78, …; cores 97 % busy", leaving out processes that did nothing.
    public string PerRequest(long requests)
    {
        var perProcess = _spent
            .Select((cpu, index) => $"{processes[index].Name} {cpu.TotalMicroseconds / requests:N0}")
            .Where(text => !text.EndsWith(" 0", StringComparison.Ordinal));
        var busy = _spent.Sum(cpu => cpu.TotalSeconds) / (_elapsed.TotalSeconds * Environment.ProcessorCount);
        return $"{string.Join(", ", perProcess)}; cores {busy:P0} busy";
    }
}
