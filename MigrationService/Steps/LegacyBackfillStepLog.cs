namespace MigrationService.Steps;

internal static partial class LegacyBackfillStepLog
{
    [LoggerMessage(1, LogLevel.Information, "Legacy backfill {Phase}: {Scanned:N0} of about {Total:N0} keys, {Rate:N0} keys/s, {Records:N0} records, ETA {Remaining}, {Pages:N0} pages.")]
    public static partial void Progress(ILogger logger, string phase, long scanned, long total, double rate, long records, string remaining, long pages);

    [LoggerMessage(2, LogLevel.Information, "{Report}")]
    public static partial void Report(ILogger logger, string report);
}
