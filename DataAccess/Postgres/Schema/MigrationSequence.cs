namespace DataAccess.Postgres.Schema;

/// <summary>
/// Checks that a set of migrations numbers its versions 1, 2, 3, ... without gaps or repeats.
/// </summary>
/// <remarks>
/// A gap or a repeat is a programming error (two branches picked the same number, a file was
/// renumbered or deleted), and applying such a set would make the order of changes depend on which
/// build ran first.
/// </remarks>
public static class MigrationSequence
{
    /// <summary>Returns the migrations ordered by version.</summary>
    /// <exception cref="InvalidOperationException">The versions are not exactly 1 to N.</exception>
    public static IReadOnlyList<Migration> InOrder(IEnumerable<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);

        var ordered = migrations.OrderBy(migration => migration.Version).ToList();
        for (var index = 0; index < ordered.Count; index++)
        {
            var expectedVersion = index + 1;
            if (ordered[index].Version != expectedVersion)
            {
                throw new InvalidOperationException(
                    "The migrations must be numbered 1, 2, 3, ... without gaps or repeats, but "
                    + Describe(ordered, index, expectedVersion) + ".");
            }
        }

        return ordered;
    }

    private static string Describe(List<Migration> ordered, int index, int expectedVersion)
    {
        var migration = ordered[index];
        if (migration.Version > expectedVersion)
        {
            return $"version {expectedVersion} is missing before {migration.DisplayName}";
        }

        return index == 0
            ? $"the first one is {migration.DisplayName}"
            : $"version {migration.Version} is used by both {ordered[index - 1].DisplayName} and {migration.DisplayName}";
    }
}
