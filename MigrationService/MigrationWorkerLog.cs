namespace MigrationService;

internal static partial class MigrationWorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Migration step {Step} started.")]
    public static partial void StepStarted(ILogger logger, string step);

    [LoggerMessage(2, LogLevel.Information, "Migration step {Step} finished in {DurationMs:F0} ms.")]
    public static partial void StepFinished(ILogger logger, string step, double durationMs);

    [LoggerMessage(3, LogLevel.Information, "The database is ready: every migration step succeeded.")]
    public static partial void Succeeded(ILogger logger);

    [LoggerMessage(4, LogLevel.Critical, "Database migration failed, so the services that wait for it must not start: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Database migration was stopped before it finished.")]
    public static partial void Stopped(ILogger logger);
}
