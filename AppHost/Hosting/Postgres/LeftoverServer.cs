using AppHost.Hosting.Processes;
using Aspire.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Postgres;

/// <summary>
/// A server still running on a data directory because an earlier AppHost was killed before it
/// could stop it. It holds the directory's lock, so it is stopped before a new one starts.
/// </summary>
internal static class LeftoverServer
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static async Task StopAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        if (FindProcess(dataDirectory) is not { } processId)
        {
            return;
        }

        HostingLog.StoppingLeftoverServer(logger, processId);
        UnixSignals.Send(processId, UnixSignal.Interrupt);
        var deadline = DateTime.UtcNow + StopTimeout;
        while (Directory.Exists($"/proc/{processId}"))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DistributedApplicationException(
                    $"the PostgreSQL server (pid {processId}) an earlier AppHost left running did not stop within {StopTimeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    // postmaster.pid names the server's process id on its first line. Only a live postgres
    // process started on this very directory counts: the id may have been reused since.
    private static int? FindProcess(string dataDirectory)
    {
        var lockFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(lockFile) || !int.TryParse(File.ReadLines(lockFile).FirstOrDefault(), out var processId))
        {
            return null;
        }

        try
        {
            var commandLine = File.ReadAllText($"/proc/{processId}/cmdline").Split('\0');
            return commandLine.Length > 0 && Path.GetFileName(commandLine[0]) == "postgres" && commandLine.Contains(dataDirectory)
                ? processId
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
