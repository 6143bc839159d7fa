namespace MigrationService.Backfill.Writing;

// The stages of a migrating run, in order. A run stopped in one stage continues in it.
internal enum RunPhase
{
    // SCAN through the keyspace, page by page.
    Scan,

    // Derive retired hashes and usage residuals, check cross-family consistency.
    Residuals,

    // Compare Redis and PostgreSQL again and re-migrate what changed meanwhile.
    Verify,

    Done,
}

internal static class RunPhases
{
    public static string SqlName(this RunPhase phase) => phase.ToString().ToLowerInvariant();

    public static RunPhase FromSqlName(string name) => Enum.Parse<RunPhase>(name, ignoreCase: true);
}
