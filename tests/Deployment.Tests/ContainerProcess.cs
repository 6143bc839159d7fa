using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Deployment.Tests;

// Runs a service's built assembly the way its container would: the container's arguments and
// environment and nothing else of the test's environment (so no Development settings leak
// in), the host's default environment (Production), listening on a free loopback port.
internal sealed class ContainerProcess : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    // What the .NET base images set for every container built on them.
    private static readonly Dictionary<string, string> BaseImageEnvironment = new()
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
    };
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _copying;

    private ContainerProcess(Process process)
    {
        _process = process;
        _copying = Task.WhenAll(CopyAsync(process.StandardOutput), CopyAsync(process.StandardError));
    }

    public int Port { get; private init; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    // project: the service project, run from its own build output (its own appsettings.json
    // and dependencies, as in its image), built in the configuration of this test project.
    public static ContainerProcess Start(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var output = Path.Combine(Repository.Root, project, Path.GetRelativePath(Path.Combine(Repository.Root, "tests", "Deployment.Tests"), AppContext.BaseDirectory));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(output, $"{project}.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "TMPDIR", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in BaseImageEnvironment.Concat(environment))
        {
            start.Environment[name] = value;
        }

        // The one change to the container's environment: its port 8080 becomes a free one here.
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        return new ContainerProcess(process) { Port = port };
    }

    public async Task<int> WaitForExitAsync()
    {
        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        try
        {
            await _process.WaitForExitAsync(giveUp.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {GiveUpAfter}. Output so far:\n{Output}");
        }

        await _copying;
        return _process.ExitCode;
    }

    // Asks a probe's path until it answers 200, as the kubelet would, and returns the last answer.
    public async Task<(HttpStatusCode Status, string Body)> ProbeAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + GiveUpAfter;
        (HttpStatusCode, string) last = default;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
                last = (response.StatusCode, await response.Content.ReadAsStringAsync());
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"{path} never answered 200 (last: {last}); exited: {_process.HasExited}. Output:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await _copying;
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task CopyAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
