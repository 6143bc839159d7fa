namespace MigrationService.Backfill;

// Where a run stands: its phase, keys scanned so far out of about KeysInRedis (DBSIZE when the
// run started), records migrated (or, in a dry run, that would be), pages done, time spent.
public sealed record BackfillProgress(string Phase, long KeysScanned, long KeysInRedis, long Records, long Pages, TimeSpan Elapsed)
{
    public double KeysPerSecond => Elapsed.TotalSeconds > 0 ? KeysScanned / Elapsed.TotalSeconds : 0;

    // Null until there is a rate to extrapolate from.
    public TimeSpan? Remaining => KeysPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, KeysInRedis - KeysScanned) / KeysPerSecond) : null;
}
