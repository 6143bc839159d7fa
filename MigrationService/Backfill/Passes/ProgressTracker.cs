using System.Diagnostics;
using MigrationService.Backfill.Reporting;

namespace MigrationService.Backfill.Passes;

// Tells the run's progress listener where a pass stands after each page.
internal sealed class ProgressTracker(IProgress<BackfillProgress>? listener, long keysInRedis, long keysScanned, long pages)
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly long _keysAtStart = keysScanned;

    public long KeysScanned { get; private set; } = keysScanned;

    public long Pages { get; private set; } = pages;

    public long Records { get; private set; }

    public void Page(string phase, int keys, PageTally tally)
    {
        KeysScanned += keys;
        Records += tally.Families.Sum(family => family.Value.Migrated);
        Pages++;

        // The rate counts only this process's work, so a continued run's ETA is not skewed by
        // keys scanned before the interruption.
        listener?.Report(new BackfillProgress(phase, KeysScanned - _keysAtStart, Math.Max(0, keysInRedis - _keysAtStart), Records, Pages, _elapsed.Elapsed));
    }
}
