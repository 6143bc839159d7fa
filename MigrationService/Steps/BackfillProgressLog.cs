using System.Diagnostics;
using MigrationService.Backfill;

namespace MigrationService.Steps;

// Logs the backfill's progress now and then: keys scanned, the rate, and an ETA from DBSIZE.
internal sealed class BackfillProgressLog(ILogger logger, TimeSpan interval) : IProgress<BackfillProgress>
{
    private long _lastLogged = Stopwatch.GetTimestamp();

    public void Report(BackfillProgress value)
    {
        if (Stopwatch.GetElapsedTime(_lastLogged) < interval)
        {
            return;
        }

        _lastLogged = Stopwatch.GetTimestamp();
        LegacyBackfillStepLog.Progress(
            logger,
            value.Phase,
            value.KeysScanned,
            value.KeysInRedis,
            value.KeysPerSecond,
            value.Records,
            value.Remaining is { } remaining ? remaining.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : "unknown",
            value.Pages);
    }
}
