using System.Diagnostics;
using MigrationService.Backfill.Reporting;

namespace MigrationService.Backfill.Passes;

// Reads everything the migration would, and reports what would move and what is wrong,
// without writing anywhere.
internal sealed class DryRunPass(BackfillContext context)
{
    public async Task<BackfillReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var report = new RunReport(context.Options.ProblemExamples);
        var progress = new ProgressTracker(context.Options.Progress, await context.KeysInRedisAsync(cancellationToken), 0, 0);
        await context.Scan.RunAsync(0, read: null, page =>
        {
            report.Add(page.Rows.Tally, page.KeysScanned);
            BackfillTelemetry.RecordPage(BackfillMode.DryRun, page.Rows.Tally, page.KeysScanned);
            progress.Page("dry run", page.KeysScanned, page.Rows.Tally);
            return Task.CompletedTask;
        }, cancellationToken);

        return new BackfillReport
        {
            Mode = BackfillMode.DryRun,
            KeysScanned = report.KeysScanned,
            Families = report.Families(),
            Problems = report.AllProblems(),
            Duration = started.Elapsed,
        };
    }
}
