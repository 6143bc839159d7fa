using Microsoft.Extensions.Logging;

namespace AppHost.Hosting;

/// <summary>
/// Everything the AppHost writes. Resource messages go to a logger named after the resource, so
/// the console shows them under its name, next to the resource's own output.
/// </summary>
internal static partial class HostingLog
{
    [LoggerMessage(1, LogLevel.Information, "{Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(2, LogLevel.Information, "state: Waiting for {Dependencies}")]
    public static partial void Waiting(ILogger logger, string dependencies);

    [LoggerMessage(3, LogLevel.Information, "state: Starting")]
    public static partial void Starting(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "state: Running (pid {ProcessId})")]
    public static partial void RunningProcess(ILogger logger, int processId);

    [LoggerMessage(5, LogLevel.Information, "state: Running")]
    public static partial void Running(ILogger logger);

    [LoggerMessage(6, LogLevel.Information, "state: Healthy")]
    public static partial void Healthy(ILogger logger);

    [LoggerMessage(7, LogLevel.Warning, "state: Unhealthy: {Reason}")]
    public static partial void Unhealthy(ILogger logger, string? reason);

    [LoggerMessage(8, LogLevel.Warning, "still not healthy after {Seconds:F0} s: {Reason}")]
    public static partial void StillUnhealthy(ILogger logger, double seconds, string? reason);

    [LoggerMessage(9, LogLevel.Information, "state: Stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "state: Finished (exit code 0)")]
    public static partial void Finished(ILogger logger);

    [LoggerMessage(21, LogLevel.Information, "state: Finished")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(11, LogLevel.Information, "state: Exited (code {ExitCode})")]
    public static partial void ExitedWhenStopped(ILogger logger, int exitCode);

    [LoggerMessage(12, LogLevel.Error, "state: Exited (code {ExitCode}); nothing restarts it")]
    public static partial void Crashed(ILogger logger, int exitCode);

    [LoggerMessage(13, LogLevel.Error, "state: FailedToStart: {Reason}")]
    public static partial void FailedToStart(ILogger logger, string reason);

    [LoggerMessage(14, LogLevel.Warning, "did not stop within {Seconds:F0} s, so it was killed")]
    public static partial void KilledAfterGracePeriod(ILogger logger, double seconds);

    [LoggerMessage(15, LogLevel.Error, "{Resource} can never start, so the app stops.")]
    public static partial void StoppingAfterFailure(ILogger logger, string resource);

    [LoggerMessage(16, LogLevel.Information, "{Summary}")]
    public static partial void Summary(ILogger logger, string summary);

    [LoggerMessage(17, LogLevel.Information, "redis-server is not installed; installing it with apt-get (first run only)")]
    public static partial void InstallingRedis(ILogger logger);

    [LoggerMessage(18, LogLevel.Information, "creating the cluster in {Directory}")]
    public static partial void CreatingCluster(ILogger logger, string directory);

    [LoggerMessage(19, LogLevel.Warning, "stopping the PostgreSQL server (pid {ProcessId}) an earlier AppHost left running on this data directory")]
    public static partial void StoppingLeftoverServer(ILogger logger, int processId);

    [LoggerMessage(20, LogLevel.Information, "created database {Database}")]
    public static partial void CreatedDatabase(ILogger logger, string database);
}
