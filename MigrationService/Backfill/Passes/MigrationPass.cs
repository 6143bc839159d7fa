using System.Diagnostics;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Residuals;
using MigrationService.Backfill.Verification;
using MigrationService.Backfill.Writing;

namespace MigrationService.Backfill.Passes;

// A migrating run, phase by phase (RunPhase): the scan writes every page with its checkpoint;
// then what needs every page (retired hashes, usage residuals, consistency checks); then
// verification rounds, which compare everything as --verify does and migrate again what
// differs. A run stopped anywhere continues in its phase the next time.
internal sealed class MigrationPass(BackfillContext context)
{
    // Keys that differed in one verification round and are read again in the next; more are
    // migrated again but not followed up.
    private const int FollowedKeys = 100_000;

    private readonly RunStore _runs = new(context.DataSource);

    public async Task<BackfillReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var options = context.Options;
        await using var runLock = await BackfillLock.AcquireAsync(context.DataSource, context.Logger, cancellationToken);
        await EnsureSameOffsetAsync(cancellationToken);
        var run = await _runs.StartOrResumeAsync(options.TimeZoneOffsetHours, options.Time.GetUtcNow(), cancellationToken);
        if (run.Pages > 0 || run.Phase != RunPhase.Scan)
        {
            BackfillLog.Resuming(context.Logger, run.Id, run.Phase.SqlName(), run.ScanCursor, run.Pages);
        }

        var report = RunReport.FromJson(run.Report, options.ProblemExamples);
        var tables = new BackfillTables(context.Protector, run.Id);
        var writer = new PageWriter(context.DataSource, tables, context.Protector);
        var checks = new ConsistencyChecks(context.DataSource, context.Redis, run.Id, options.ProblemExamples);
        var phase = run.Phase;
        if (phase == RunPhase.Scan)
        {
            await TimedAsync("scan", () => ScanAsync(run, report, writer, cancellationToken));
            phase = RunPhase.Residuals;
        }

        if (phase == RunPhase.Residuals)
        {
            await DeriveAsync(report, checks, cancellationToken);
            phase = RunPhase.Verify;
            await _runs.EnterAsync(run.Id, phase, report.ToJson(), cancellationToken);
        }

        var unresolved = await VerifyAsync(report, writer, tables, checks, cancellationToken);
        await _runs.EnterAsync(run.Id, RunPhase.Done, report.ToJson(), cancellationToken);
        BackfillTelemetry.RecordProblems(report.Derived);
        return new BackfillReport
        {
            Mode = BackfillMode.Migrate,
            KeysScanned = report.KeysScanned,
            Families = report.Families(),
            Problems = report.AllProblems(),
            RetiredHashes = await checks.CountRetiredAsync(cancellationToken),
            DifferenceCount = unresolved.Count,
            Differences = unresolved.First,
            Duration = started.Elapsed,
        };
    }

    private async Task ScanAsync(BackfillRun run, RunReport report, PageWriter writer, CancellationToken cancellationToken)
    {
        var progress = new ProgressTracker(context.Options.Progress, await context.KeysInRedisAsync(cancellationToken), report.KeysScanned, run.Pages);
        await context.Scan.RunAsync(run.ScanCursor, read: null, async page =>
        {
            if (page.Cursor is not { } cursor)
            {
                // A chunk of apikey:hash_map: its count is saved with the next checkpoint.
                await writer.WriteAsync(page.Rows, checkpoint: null, cancellationToken);
                report.Add(page.Rows.Tally, 0);
                return;
            }

            await writer.WriteAsync(page.Rows, () =>
            {
                report.Add(page.Rows.Tally, page.KeysScanned);
                return RunStore.Checkpoint(run.Id, cursor, progress.Pages + 1, report.ToJson());
            }, cancellationToken);
            BackfillTelemetry.RecordPage(BackfillMode.Migrate, page.Rows.Tally, page.KeysScanned);
            progress.Page("scan", page.KeysScanned, page.Rows.Tally);
        }, cancellationToken);
    }

    private async Task DeriveAsync(RunReport report, ConsistencyChecks checks, CancellationToken cancellationToken)
    {
        var derived = new ProblemLog(context.Options.ProblemExamples);
        await TimedAsync("hash-map retirement", async () =>
        {
            await checks.ForgetUnseenAsync(cancellationToken);
            await checks.RetireOldHashesAsync(cancellationToken);
        });
        await TimedAsync("usage residuals", async () =>
        {
            var residuals = new ResidualCalculator(context.DataSource, context.Options.TimeZoneOffsetHours, context.Options.ProblemExamples);
            await residuals.RefreshStatisticsAsync(cancellationToken);
            foreach (var shape in new[] { ResidualShape.Keys, ResidualShape.Accounts })
            {
                var outcome = await residuals.RecomputeAsync(shape, cancellationToken);
                derived.AddMany(ProblemKind.InconsistentBuckets, outcome.Inconsistent, outcome.Examples);
            }
        });
        await TimedAsync("consistency checks", () => checks.CheckAsync(derived, cancellationToken));
        report.Derived = derived.Snapshot();
    }

    // Round 1 compares everything, as --verify does and with the same comparison, so that a run
    // that succeeds is one that --verify finds equal; later rounds read the keys that differed
    // in the round before (the legacy relay kept writing). Between rounds the stale records are
    // written again and what depends on them derived again; what still differs after the last
    // round is the run's list of differences.
    private async Task<DifferenceLog> VerifyAsync(
        RunReport report, PageWriter writer, BackfillTables tables, ConsistencyChecks checks, CancellationToken cancellationToken)
    {
        var comparer = new PageComparer(context.DataSource, tables);
        var rounds = Math.Max(1, context.Options.VerificationRounds);
        HashSet<string>? followed = null;
        for (var round = 1; ; round++)
        {
            var last = round == rounds;
            var differences = new DifferenceLog(context.Options.ListedDifferences);
            var differing = new HashSet<string>(StringComparer.Ordinal);
            async Task CompareAsync(ScannedPage page)
            {
                var comparison = await comparer.CompareAsync(page.Rows, new ComparisonTally(), cancellationToken);
                differences.Add(comparison.Differences);
                differing.UnionWith(comparison.DifferingKeys.Take(FollowedKeys - differing.Count));
                if (!last && comparison.Stale.Count > 0)
                {
                    await writer.WriteAsync(comparison.Stale, checkpoint: null, cancellationToken);
                }
            }

            if (followed is null)
            {
                await context.Scan.RunAsync(0, read: null, CompareAsync, cancellationToken);
            }
            else
            {
                foreach (var page in await context.Scan.ReadAsync(followed, cancellationToken))
                {
                    await CompareAsync(page);
                }
            }

            BackfillLog.VerificationRound(context.Logger, round, differences.Count);
            BackfillTelemetry.RecordDifferences(BackfillMode.Migrate, (int)Math.Min(int.MaxValue, differences.Count));
            if (differences.Count == 0 || last)
            {
                return differences;
            }

            await DeriveAsync(report, checks, cancellationToken);
            followed = differing;
        }
    }

    private async Task EnsureSameOffsetAsync(CancellationToken cancellationToken)
    {
        var offset = context.Options.TimeZoneOffsetHours;
        if (await _runs.MigratedOffsetAsync(cancellationToken) is { } migrated && migrated != offset)
        {
            throw new InvalidOperationException(
                $"Legacy usage was migrated with a bucket offset of {migrated:+0;-0} h, but TIMEZONE_OFFSET now gives {offset:+0;-0} h. " +
                "Buckets read with another offset would land beside the migrated ones instead of replacing them: set TIMEZONE_OFFSET " +
                "as the legacy relay had it (remember that 0 means +8 there), or empty the legacy_usage_* tables to migrate usage afresh.");
        }
    }

    private async Task TimedAsync(string phase, Func<Task> work)
    {
        var started = Stopwatch.StartNew();
        await work();
        BackfillLog.PhaseDone(context.Logger, phase, started.Elapsed.TotalSeconds);
    }
}
