using System.Diagnostics;
using AppHost.Tests.Support;

namespace AppHost.Tests;

// The quick start as the README gives it: `dotnet run --project AppHost` on this machine brings
// everything up at the launch profiles' URLs, and stopping the AppHost stops everything it started.
public sealed class AppHostProcessTests
{
    private const string DataServiceHealth = "http://localhost:5100/health";
    private const string GatewayHealth = "http://localhost:3000/health";
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Dotnet_run_brings_every_service_up_healthy_and_SIGTERM_leaves_no_process_behind()
    {
        using var state = new StateDirectory();
        using var command = AppHostCommand.Start(new Dictionary<string, string>
        {
            ["AppHost__StateDirectory"] = state.Path,
            ["AppHost__LocalServers"] = "executables",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        await WaitUntilHealthyAsync(http, DataServiceHealth, command);
        await WaitUntilHealthyAsync(http, GatewayHealth, command);
        var appHost = ProcessTree.ChildRunning(command.ProcessId, "AppHost");
        Assert.True(appHost != 0, $"dotnet run has no AppHost child process. Its output:{Environment.NewLine}{command.Output}");
        var started = ProcessTree.OfAppHost(appHost).Select(id => (Id: id, CommandLine: ProcessTree.CommandLine(id))).ToList();
        Process.Start("kill", ["-TERM", appHost.ToString()]).WaitForExit();
        await command.WaitForExitAsync(s_stopTimeout);
        var left = await WaitUntilGoneAsync(started.Select(process => process.Id));

        Assert.Contains("Login to the dashboard at http://localhost:15888/login?t=", command.Output);
        Assert.Contains(started, process => process.CommandLine.Contains("postgresql/15/bin/postgres", StringComparison.Ordinal));
        Assert.Contains(started, process => process.CommandLine.Contains("redis-server", StringComparison.Ordinal));
        Assert.Contains(started, process => process.CommandLine.Contains("Aspire.Dashboard", StringComparison.Ordinal));
        Assert.True(left.Count == 0, $"Still running after the AppHost stopped:{Environment.NewLine}{string.Join(Environment.NewLine, started.Where(p => left.Contains(p.Id)))}");
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, string url, AppHostCommand command)
    {
        var deadline = DateTime.UtcNow + TestApp.StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException($"{url} did not answer healthy within {TestApp.StartTimeout}. The AppHost's output:{Environment.NewLine}{command.Output}");
    }

    private static async Task<List<int>> WaitUntilGoneAsync(IEnumerable<int> processes)
    {
        var deadline = DateTime.UtcNow + s_stopTimeout;
        var alive = processes.Where(ProcessTree.IsAlive).ToList();
        while (alive.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            alive = alive.Where(ProcessTree.IsAlive).ToList();
        }

        return alive;
    }
}
