namespace DataAccess.Postgres.Schema;

/// <summary>What one run of <see cref="SchemaMigrator"/> did.</summary>
/// <param name="Applied">The migrations this run applied, in order, with how long each took.</param>
/// <param name="Skipped">The migrations the database already had.</param>
public sealed record SchemaMigrationResult(IReadOnlyList<AppliedMigration> Applied, IReadOnlyList<Migration> Skipped)
{
    /// <summary>The version the database is at after the run; 0 when there are no migrations.</summary>
    public int SchemaVersion => Applied.Count > 0 ? Applied[^1].Migration.Version : Skipped.LastOrDefault()?.Version ?? 0;
}
