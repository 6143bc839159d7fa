using System.Diagnostics;
using System.Net.Http.Headers;

namespace TestSupport;

// The built DataService as its own process on a loopback port, configured through environment
// variables the way an orchestrator or an operator would, for benchmarks and tests that must go
// through real HTTP to a real host. The project using it builds DataService (a project
// reference without its assembly).
public sealed class DataServiceProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process _process;

    private DataServiceProcess(Process process, Uri address, string adminToken, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        Address = address;
        AdminToken = adminToken;
        _environment = environment;
    }

    public Uri Address { get; }

    public string AdminToken { get; }

    public static async Task<DataServiceProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = RedisServerProcess.FreePort();
        var adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var address = new Uri($"http://127.0.0.1:{port}");
        var service = new DataServiceProcess(Launch(address, adminToken, environment), address, adminToken, environment);
        await service.WaitHealthyAsync();
        return service;
    }

    // Ends the process at once, as a crash or an orchestrator's kill would.
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    // Starts the stopped service again on the same address with the same configuration.
    public async Task RestartAsync()
    {
        await StopAsync();
        _process.Dispose();
        _process = Launch(Address, AdminToken, _environment);
        await WaitHealthyAsync();
    }

    private static Process Launch(Uri address, string adminToken, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../DataService/bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0/DataService.dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = address.GetLeftPart(UriPartial.Authority);
        start.Environment["DataService__Auth__AdminTokens__0"] = adminToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"dataservice: {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
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
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The DataService did not become healthy within 60 s.");
    }
}
