using DataAccess.Postgres.Schema;

namespace MigrationService.Steps;

// Brings the PostgreSQL schema up to this build's version; every later step relies on it.
internal sealed class SchemaMigrationStep(SchemaMigrator migrator) : IMigrationStep
{
    public string Name => "schema";

    public Task RunAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);
}
