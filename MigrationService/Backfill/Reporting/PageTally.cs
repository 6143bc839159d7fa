using System.Runtime.InteropServices;
using MigrationService.Backfill.Keys;

namespace MigrationService.Backfill.Reporting;

// What one page contributed to the report. It is added to the run's report only when the page
// is committed, so a page redone after an interruption is counted once.
internal sealed class PageTally
{
    private readonly Dictionary<LegacyFamily, (long Seen, long Migrated, long Vanished)> _families = [];

    public List<Problem> Problems { get; } = [];

    public IEnumerable<KeyValuePair<LegacyFamily, (long Seen, long Migrated, long Vanished)>> Families => _families;

    public void Seen(LegacyFamily family) => CollectionsMarshal.GetValueRefOrAddDefault(_families, family, out _).Seen++;

    public void Migrated(LegacyFamily family, long records = 1) => CollectionsMarshal.GetValueRefOrAddDefault(_families, family, out _).Migrated += records;

    public void Vanished(LegacyFamily family) => CollectionsMarshal.GetValueRefOrAddDefault(_families, family, out _).Vanished++;

    public void Problem(ProblemKind kind, string key, string detail) => Problems.Add(new Problem(kind, key, detail));
}
