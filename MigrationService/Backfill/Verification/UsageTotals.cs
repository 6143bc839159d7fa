using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Verification;

// Usage as one side of a comparison shows it: the counters and the cost.
internal readonly record struct UsageTotals(UsageMeasures Measures, decimal Cost);
