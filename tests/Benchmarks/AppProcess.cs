using System.Diagnostics;

namespace Benchmarks;

// A server of the benchmark in its own process on a loopback port: a built app of the
// solution (the Gateway) or this program in one of its server modes (the stand-in, the bare
// YARP pass-through), configured through environment variables.
internal sealed class AppProcess : IAsyncDisposable
{
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private readonly Process _process;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    // The processor time the server has used so far: measured around a run, it divides into a
    // cost per request that other load on the machine does not change.
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static Task<AppProcess> StartProjectAsync(string project, IReadOnlyDictionary<string, string> environment, string healthPath = "/health")
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..", project, "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, $"net10.0/{project}.dll"));
        return StartAsync([dll], environment, healthPath);
    }

    public static Task<AppProcess> StartModeAsync(string mode, IReadOnlyDictionary<string, string> environment, string healthPath) =>
        StartAsync([Path.Combine(AppContext.BaseDirectory, "Benchmarks.dll"), mode], environment, healthPath);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task<AppProcess> StartAsync(string[] arguments, IReadOnlyDictionary<string, string> environment, string healthPath)
    {
        var port = TestSupport.RedisServerProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The load generator's own setting, not the servers': they keep the runtime's default,
        // or, the gateway, the one its Program.cs chooses.
        start.Environment.Remove(InlineSocketCompletions);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_gcServer"] = "1";
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {arguments[0]}.");
        var name = Path.GetFileNameWithoutExtension(arguments[^1]);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"{name}: {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await app.WaitHealthyAsync(healthPath);
        return app;
    }

    private async Task WaitHealthyAsync(string healthPath)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Address} exited with code {_process.ExitCode} before it answered.");
            }

            try
            {
                using var response = await client.GetAsync(healthPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Address} did not answer within 60 s.");
    }
}
