namespace MigrationService.Backfill;

public enum BackfillMode
{
    // Copy everything into PostgreSQL, derive, verify and re-migrate what changed meanwhile.
    Migrate,

    // Read everything and report what would move and what is wrong; write nothing.
    DryRun,

    // Compare Redis with PostgreSQL family by family; write nothing.
    Verify,
}
