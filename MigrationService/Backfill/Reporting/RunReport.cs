using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationService.Backfill.Keys;

namespace MigrationService.Backfill.Reporting;

// The report of a run as it grows, page by page. It is saved with every checkpoint, so a run
// that continues after an interruption goes on counting from where the last committed page
// left it.
internal sealed class RunReport(int examplesPerKind)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<LegacyFamily, (long Seen, long Migrated, long Vanished)> _families = [];

    public long KeysScanned { get; private set; }

    // Problems met on the pages.
    public ProblemLog Problems { get; } = new(examplesPerKind);

    // Problems found after the scan, by the cross-family checks and the residual computation;
    // replaced, not added to, each time those run again.
    public IReadOnlyList<ProblemSummary> Derived { get; set; } = [];

    public void Add(PageTally tally, int keysScanned)
    {
        KeysScanned += keysScanned;
        foreach (var (family, count) in tally.Families)
        {
            var total = _families.GetValueOrDefault(family);
            _families[family] = (total.Seen + count.Seen, total.Migrated + count.Migrated, total.Vanished + count.Vanished);
        }

        foreach (var problem in tally.Problems)
        {
            Problems.Add(problem.Kind, problem.Key, problem.Detail);
        }
    }

    public long MigratedOf(LegacyFamily family) => _families.GetValueOrDefault(family).Migrated;

    public IReadOnlyList<FamilyCount> Families() =>
        [.. _families.OrderBy(family => family.Key).Select(family =>
            new FamilyCount(family.Key, FamilyCatalog.DispositionOf(family.Key), family.Value.Seen, family.Value.Migrated, family.Value.Vanished))];

    // Page and derived problems together, kind by kind.
    public IReadOnlyList<ProblemSummary> AllProblems() =>
        [.. Problems.Snapshot().Concat(Derived)
            .GroupBy(problem => problem.Kind)
            .OrderBy(group => group.Key)
            .Select(group => new ProblemSummary(group.Key, group.Sum(problem => problem.Count), [.. group.SelectMany(problem => problem.Examples).Take(examplesPerKind)]))];

    public string ToJson() => JsonSerializer.Serialize(new Saved(KeysScanned, Families(), Problems.Snapshot(), Derived), s_json);

    public static RunReport FromJson(string json, int examplesPerKind)
    {
        var report = new RunReport(examplesPerKind);
        if (JsonSerializer.Deserialize<Saved>(json, s_json) is { Families: not null } saved)
        {
            report.KeysScanned = saved.KeysScanned;
            foreach (var family in saved.Families)
            {
                report._families[family.Family] = (family.Seen, family.Migrated, family.Vanished);
            }

            report.Problems.Restore(saved.Problems ?? []);
            report.Derived = saved.Derived ?? [];
        }

        return report;
    }

    private sealed record Saved(
        long KeysScanned, IReadOnlyList<FamilyCount>? Families, IReadOnlyList<ProblemSummary>? Problems, IReadOnlyList<ProblemSummary>? Derived);
}
