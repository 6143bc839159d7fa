namespace DataAccess.Postgres.Schema;

/// <summary>Where a database's schema stands against this build's migrations.</summary>
/// <param name="CurrentVersion">The last migration the database has applied; 0 for none.</param>
/// <param name="TargetVersion">The last migration this build knows.</param>
public sealed record SchemaStatus(int CurrentVersion, int TargetVersion)
{
    public bool IsCurrent => CurrentVersion == TargetVersion;
}
