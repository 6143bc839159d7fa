namespace MigrationService.Backfill;

internal static partial class BackfillLog
{
    [LoggerMessage(1, LogLevel.Information, "Legacy backfill ({Mode}) started: {Keys:N0} keys in the legacy Redis, bucket offset {Offset:+0;-0} h.")]
    public static partial void Started(ILogger logger, BackfillMode mode, long keys, int offset);

    [LoggerMessage(2, LogLevel.Information, "Legacy backfill continues run {Run} in its {Phase} phase from SCAN cursor {Cursor} after {Pages} committed pages.")]
    public static partial void Resuming(ILogger logger, long run, string phase, long cursor, long pages);

    [LoggerMessage(3, LogLevel.Information, "Legacy backfill: {Phase} done in {Seconds:N1} s.")]
    public static partial void PhaseDone(ILogger logger, string phase, double seconds);

    [LoggerMessage(4, LogLevel.Information, "Legacy backfill verification round {Round}: {Differences:N0} records differ.")]
    public static partial void VerificationRound(ILogger logger, int round, long differences);

    [LoggerMessage(5, LogLevel.Information, "Legacy backfill is waiting for another run to finish.")]
    public static partial void WaitingForLock(ILogger logger);
}
