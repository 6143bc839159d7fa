using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AppHost.LocalServers;

/// <summary>Runs a preparation command (initdb, apt-get) to completion, its output going to the resource's log.</summary>
internal static class CommandRunner
{
    public static async Task RunAsync(
        string command, IEnumerable<string> arguments, ILogger logger, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new DistributedApplicationException($"{command} did not start.");
        var output = Task.WhenAll(ForwardAsync(process.StandardOutput, logger, LogLevel.Information), ForwardAsync(process.StandardError, logger, LogLevel.Warning));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output;
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{Path.GetFileName(command)} {string.Join(' ', start.ArgumentList)} exited with code {process.ExitCode}; its output is in this resource's log.");
        }
    }

    private static async Task ForwardAsync(StreamReader reader, ILogger logger, LogLevel level)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
#pragma warning disable CA2254 // The line is the message: a command's own output.
            logger.Log(level, line);
#pragma warning restore CA2254
        }
    }
}
