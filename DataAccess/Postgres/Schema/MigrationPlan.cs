namespace DataAccess.Postgres.Schema;

// What a run has to do, worked out by comparing this build's migrations with what the database
// recorded. Any disagreement stops the run before anything is applied.
internal sealed record MigrationPlan(IReadOnlyList<Migration> AlreadyApplied, IReadOnlyList<Migration> Pending)
{
    // known: ordered and numbered 1..N (MigrationSequence); recorded: as read from the database.
    public static MigrationPlan Create(IReadOnlyList<Migration> known, IReadOnlyList<MigrationRecord> recorded)
    {
        var recordedByVersion = recorded.ToDictionary(record => record.Version);

        var unknown = recorded.Where(record => record.Version > known.Count).MinBy(record => record.Version);
        if (unknown is not null)
        {
            throw SchemaMigrationException.UnknownToThisBuild(unknown, known.Count);
        }

        var alreadyApplied = new List<Migration>();
        var pending = new List<Migration>();
        foreach (var migration in known)
        {
            if (!recordedByVersion.TryGetValue(migration.Version, out var record))
            {
                pending.Add(migration);
                continue;
            }

            if (!string.Equals(record.Checksum, migration.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw SchemaMigrationException.ChecksumMismatch(record, migration);
            }

            alreadyApplied.Add(migration);
        }

        var laterApplied = recorded.MaxBy(record => record.Version);
        if (pending.Count > 0 && laterApplied is not null && laterApplied.Version > pending[0].Version)
        {
            throw SchemaMigrationException.AppliedOutOfOrder(pending[0], laterApplied);
        }

        return new MigrationPlan(alreadyApplied, pending);
    }
}
