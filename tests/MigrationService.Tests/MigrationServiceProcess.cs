using System.Diagnostics;
using System.Text;

namespace MigrationService.Tests;

// Runs the built MigrationService the way the AppHost does, as its own process, and collects
// what it wrote and how it exited.
internal static class MigrationServiceProcess
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string? postgresConnectionString, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        // The MigrationService's own output, built in the same configuration, where its
        // appsettings.json is (the test project's output holds the DataService's too, under the
        // same name), started from another directory, as an operator may: it must find its
        // settings all the same.
        var directory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../MigrationService/bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0"));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(directory, "MigrationService.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ConnectionStrings__postgres");
        if (postgresConnectionString is not null)
        {
            start.Environment["ConnectionStrings__postgres"] = postgresConnectionString;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new StringBuilder();
        var stdout = CopyAsync(process.StandardOutput, output);
        var stderr = CopyAsync(process.StandardError, output);

        using var giveUp = new CancellationTokenSource(GiveUpAfter);
        try
        {
            await process.WaitForExitAsync(giveUp.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"MigrationService did not exit within {GiveUpAfter}. Output so far:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
