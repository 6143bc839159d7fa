using System.Globalization;
using System.Text;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Verification;

namespace MigrationService.Backfill;

// What a backfill run did and found. Differences are Redis records PostgreSQL does not show
// as they are in Redis (for Migrate: those still differing after the last verification round).
public sealed record BackfillReport
{
    public required BackfillMode Mode { get; init; }

    public long KeysScanned { get; init; }

    public required IReadOnlyList<FamilyCount> Families { get; init; }

    public required IReadOnlyList<ProblemSummary> Problems { get; init; }

    // Hashes from before a key's regeneration, now refused (Migrate).
    public long RetiredHashes { get; init; }

    public long DifferenceCount { get; init; }

    public IReadOnlyList<string> Differences { get; init; } = [];

    // Family by family counts and sums (Verify).
    public IReadOnlyList<FamilyComparison> Comparisons { get; init; } = [];

    public TimeSpan Duration { get; init; }

    public bool HasDifferences => DifferenceCount > 0 || Comparisons.Any(comparison => !comparison.Matches);

    public long ProblemCount(ProblemKind kind) => Problems.FirstOrDefault(problem => problem.Kind == kind)?.Count ?? 0;

    // The report as the lines an operator reads in the log.
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Legacy backfill ({Mode}): {KeysScanned:N0} keys scanned in {Duration.TotalSeconds:N1} s.");
        foreach (var family in Families)
        {
            var migrated = family.Disposition is FamilyDisposition.Migrated ? $", {family.Migrated:N0} {(Mode == BackfillMode.DryRun ? "would move" : "migrated")}" : "";
            var vanished = family.Vanished > 0 ? $", {family.Vanished:N0} vanished while read" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {family.Family}: {family.Seen:N0} keys ({Describe(family.Disposition)}){migrated}{vanished}");
        }

        if (Mode == BackfillMode.Migrate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Retired API key hashes (refused from now on): {RetiredHashes:N0}");
        }

        foreach (var problem in Problems)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Problem {problem.Kind}: {problem.Count:N0}");
            foreach (var example in problem.Examples)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {example}");
            }
        }

        foreach (var comparison in Comparisons.Where(comparison => !comparison.Matches))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {comparison.Family} differs: {comparison.RedisCount:N0} in Redis, {comparison.PostgresCount:N0} equal in PostgreSQL; requests {comparison.RedisRequests:N0} / {comparison.PostgresRequests:N0}; tokens {comparison.RedisTokens:N0} / {comparison.PostgresTokens:N0}; cost {comparison.RedisCost} / {comparison.PostgresCost}");
        }

        if (DifferenceCount > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {DifferenceCount:N0} differences between Redis and PostgreSQL; the first {Differences.Count}:");
            foreach (var difference in Differences)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {difference}");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Describe(FamilyDisposition disposition) => disposition switch
    {
        FamilyDisposition.Migrated => "migrated",
        FamilyDisposition.Checked => "checked against the migrated families",
        FamilyDisposition.SkippedEphemeral => "skipped by design: short-lived state",
        FamilyDisposition.SkippedDerived => "skipped by design: sums of migrated keys",
        FamilyDisposition.SkippedDead => "skipped: never written by the legacy relay",
        FamilyDisposition.SkippedOwn => "skipped: this service's own keys",
        FamilyDisposition.Malformed => "not migrated: malformed names",
        _ => "not migrated: unknown",
    };
}
