namespace DataAccess.Postgres.Schema;

/// <summary>A row of <c>schema_migrations</c>: a migration the database says it has applied.</summary>
public sealed record MigrationRecord(int Version, string Name, string Checksum)
{
    /// <summary>The file-style name, <c>0001_initial_schema</c>, used in messages.</summary>
    public string DisplayName => $"{Version:D4}_{Name}";
}
