using System.Diagnostics.Metrics;
using MigrationService.Backfill.Reporting;

namespace MigrationService.Backfill;

// The backfill's metrics: keys scanned, records migrated by family, problems by kind,
// differences found; recorded as pages are committed (or, in the modes that write nothing,
// processed).
public static class BackfillTelemetry
{
    public const string MeterName = "MigrationService.Backfill";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_scanned = s_meter.CreateCounter<long>("backfill.keys.scanned", "{key}", "Legacy keys the backfill scanned.");
    private static readonly Counter<long> s_migrated = s_meter.CreateCounter<long>("backfill.records.migrated", "{record}", "Legacy records written to PostgreSQL, by family.");
    private static readonly Counter<long> s_problems = s_meter.CreateCounter<long>("backfill.problems", "{problem}", "Problems found in legacy data, by kind.");
    private static readonly Counter<long> s_differences = s_meter.CreateCounter<long>("backfill.differences", "{record}", "Records that differ between Redis and PostgreSQL.");

    internal static void RecordPage(BackfillMode mode, PageTally tally, int keysScanned)
    {
        var modeTag = new KeyValuePair<string, object?>("backfill.mode", mode.ToString());
        s_scanned.Add(keysScanned, modeTag);
        foreach (var (family, count) in tally.Families.Where(family => family.Value.Migrated > 0))
        {
            s_migrated.Add(count.Migrated, modeTag, new KeyValuePair<string, object?>("backfill.family", family.ToString()));
        }

        foreach (var problem in tally.Problems)
        {
            s_problems.Add(1, modeTag, new KeyValuePair<string, object?>("backfill.problem", problem.Kind.ToString()));
        }
    }

    internal static void RecordDifferences(BackfillMode mode, int count) =>
        s_differences.Add(count, new KeyValuePair<string, object?>("backfill.mode", mode.ToString()));

    internal static void RecordProblems(IEnumerable<ProblemSummary> problems)
    {
        foreach (var problem in problems)
        {
            s_problems.Add(problem.Count, new KeyValuePair<string, object?>("backfill.problem", problem.Kind.ToString()));
        }
    }
}
