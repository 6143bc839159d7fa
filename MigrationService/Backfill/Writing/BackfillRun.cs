namespace MigrationService.Backfill.Writing;

// A row of legacy_backfill_runs: the run being carried out, and how far it got.
internal sealed record BackfillRun(long Id, DateTimeOffset StartedAt, RunPhase Phase, long ScanCursor, long Pages, string Report);
