namespace MigrationService.Backfill.Keys;

// What the backfill does with a family's keys.
public enum FamilyDisposition
{
    // Read and written to PostgreSQL.
    Migrated,

    // Read to check other families against it (the shared-account sets, the group index,
    // username → user id); everything they say is derived from migrated data.
    Checked,

    // Not read: short-lived state (concurrency, rate-limit windows, locks, error counters,
    // minute metrics, the Claude Code header cache) that means nothing after a switch-over.
    SkippedEphemeral,

    // Not read: sums of other migrated keys (the global per-model usage).
    SkippedDerived,

    // Not read: keys the reference commit only reads or deletes, never writes.
    SkippedDead,

    // Not read: this service's own keys on a shared Redis (crs2:*).
    SkippedOwn,

    // A family's key whose name cannot be used (an id that is not a UUID); reported.
    Malformed,

    // No family of the layout; counted and the first names reported.
    Unknown,
}
