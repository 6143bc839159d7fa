using System.Diagnostics;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Verification;
using MigrationService.Backfill.Writing;

namespace MigrationService.Backfill.Passes;

// Reads everything the migration would and compares it with PostgreSQL: record by record
// (listing the first differences) and family by family (counts and sums of requests, tokens
// and cost). Writes nothing.
internal sealed class VerifyPass(BackfillContext context)
{
    public async Task<BackfillReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var options = context.Options;
        var report = new RunReport(options.ProblemExamples);
        var differences = new DifferenceLog(options.ListedDifferences);
        var comparisons = new ComparisonTally();
        var comparer = new PageComparer(context.DataSource, new BackfillTables(context.Protector, runId: 0));
        var progress = new ProgressTracker(options.Progress, await context.KeysInRedisAsync(cancellationToken), 0, 0);
        await context.Scan.RunAsync(0, read: null, async page =>
        {
            report.Add(page.Rows.Tally, page.KeysScanned);
            var comparison = await comparer.CompareAsync(page.Rows, comparisons, cancellationToken);
            differences.Add(comparison.Differences);
            BackfillTelemetry.RecordPage(BackfillMode.Verify, page.Rows.Tally, page.KeysScanned);
            BackfillTelemetry.RecordDifferences(BackfillMode.Verify, comparison.Differences.Count);
            progress.Page("verify", page.KeysScanned, page.Rows.Tally);
        }, cancellationToken);

        return new BackfillReport
        {
            Mode = BackfillMode.Verify,
            KeysScanned = report.KeysScanned,
            Families = report.Families(),
            Problems = report.AllProblems(),
            DifferenceCount = differences.Count,
            Differences = differences.First,
            Comparisons = comparisons.Families(),
            Duration = started.Elapsed,
        };
    }
}
