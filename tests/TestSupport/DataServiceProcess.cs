using System.Diagnostics;
using System.Net.Http.Headers;

namespace TestSupport;

// The built DataService as its own process on a loopback port, configured through environment
// variables the way an orchestrator or an operator would, for benchmarks and tests that must go
// through real HTTP to a real host. The project using it builds DataService (a project
// reference without its assembly).
//
// Its log (warnings and errors) is kept; if the process ends without being told to, the last
// lines are printed, so a crash in the middle of a test shows its cause.
public sealed class DataServiceProcess : IAsyncDisposable
{
    private const int KeptLogLines = 60;

    private readonly ProcessStartInfo _start;
    private readonly Queue<string> _log = new();
    private Process _process;
    private volatile bool _stopping;

    private DataServiceProcess(ProcessStartInfo start, Uri address, string adminToken)
    {
        _start = start;
        Address = address;
        AdminToken = adminToken;
        _process = Launch();
    }

    public Uri Address { get; }

    public string AdminToken { get; }

    // The processor time the service has used so far (benchmarks divide it by requests).
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<DataServiceProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = RedisServerProcess.FreePort();
        var adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../DataService/bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0/DataService.dll"));
        // In its own directory, as a user runs it, so that it reads its own appsettings.json and
        // not one the test project's output holds under the same name.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DataService__Auth__AdminTokens__0"] = adminToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var service = new DataServiceProcess(start, new Uri($"http://127.0.0.1:{port}"), adminToken);
        await service.WaitHealthyAsync();
        return service;
    }

    // Ends the process at once (SIGKILL), as a crash or an OOM kill would: nothing is
    // flushed, nothing acknowledged after this instant.
    public async Task KillAsync()
    {
        _stopping = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    // Starts the process again with the same settings, on the same address.
    public async Task RestartAsync()
    {
        await KillAsync();
        _process.Dispose();
        _stopping = false;
        _process = Launch();
        await WaitHealthyAsync();
    }

    private Process Launch()
    {
        var process = new Process { StartInfo = _start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Exited += (_, _) =>
        {
            if (!_stopping)
            {
                lock (_log)
                {
                    Console.WriteLine($"The DataService at {Address} exited on its own; its last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > KeptLogLines)
            {
                _log.Dequeue();
            }
        }
    }

    // The last lines the service wrote, oldest first.
    public IReadOnlyList<string> LogLines()
    {
        lock (_log)
        {
            return [.. _log];
        }
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // Generous: on a machine shared with several builds a start can take most of a minute.
    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var lastAnswer = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The DataService exited with code {_process.ExitCode} before it became healthy.");
            }

            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastAnswer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException exception)
            {
                lastAnswer = exception.Message;
            }

            await Task.Delay(200);
        }

        lock (_log)
        {
            throw new TimeoutException(
                $"The DataService did not become healthy within 120 s (last answer of /health: {lastAnswer}); its last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
        }
    }
}
