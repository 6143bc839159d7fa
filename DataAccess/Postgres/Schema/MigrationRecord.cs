namespace DataAccess.Postgres.Schema;

// A row of schema_migrations: a migration the database says it has applied.
internal sealed record MigrationRecord(int Version, string Name, string Checksum)
{
    public string DisplayName => $"{Version:D4}_{Name}";
}
