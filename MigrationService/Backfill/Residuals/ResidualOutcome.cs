namespace MigrationService.Backfill.Residuals;

// How many residuals came out negative (and were clamped), with the first of them described.
internal sealed record ResidualOutcome(long Inconsistent, IReadOnlyList<string> Examples);
