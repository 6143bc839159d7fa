using System.Globalization;

namespace MigrationService.Backfill.Residuals;

// A slice of the owner ids (API keys or accounts) by their leading byte. Residuals of one owner
// depend on that owner's rows only, so slices are computed side by side, each in a transaction
// and a server process of its own: the work is spread over the database server's cores, which
// temporary tables (never scanned by parallel workers) would otherwise leave idle.
internal sealed record OwnerRange(int FirstByte, int EndByte)
{
    public static IReadOnlyList<OwnerRange> Split(int count)
    {
        var bounds = Enumerable.Range(0, count + 1).Select(i => i * 256 / count).ToArray();
        return [.. Enumerable.Range(0, count).Select(i => new OwnerRange(bounds[i], bounds[i + 1]))];
    }

    // The condition that a uuid column lies in the range; uuids compare bytewise.
    public string Contains(string column)
    {
        var conditions = new List<string>();
        if (FirstByte > 0)
        {
            conditions.Add($"{column} >= '{Bound(FirstByte)}'::uuid");
        }

        if (EndByte < 256)
        {
            conditions.Add($"{column} < '{Bound(EndByte)}'::uuid");
        }

        return conditions.Count == 0 ? "true" : $"({string.Join(" AND ", conditions)})";
    }

    private static string Bound(int leadingByte) => leadingByte.ToString("x2", CultureInfo.InvariantCulture) + "000000-0000-0000-0000-000000000000";
}
