namespace DataAccess.Postgres.Schema;

/// <summary>A migration a run applied, and how long its script took.</summary>
public sealed record AppliedMigration(Migration Migration, TimeSpan Duration);
