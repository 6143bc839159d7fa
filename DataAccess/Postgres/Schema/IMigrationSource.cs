namespace DataAccess.Postgres.Schema;

/// <summary>Where <see cref="SchemaMigrator"/> finds the migrations this build knows.</summary>
public interface IMigrationSource
{
    /// <summary>Every known migration, in any order; the migrator checks and orders them.</summary>
    IReadOnlyList<Migration> LoadMigrations();
}
