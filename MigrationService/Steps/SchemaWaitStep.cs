using DataAccess.Postgres.Schema;
using Npgsql;

namespace MigrationService.Steps;

// Replaces every other step under --wait-for-schema: returns once PostgreSQL holds this
// build's schema, changing nothing. A Kubernetes init container runs it so the DataService
// starts only after the migration Job has brought the schema up to its version.
internal sealed class SchemaWaitStep(SchemaMigrator migrator, ILogger<SchemaWaitStep> logger, TimeProvider timeProvider) : IMigrationStep
{
    public const string Setting = "Schema:WaitOnly";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public string Name => "wait for schema";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var status = await migrator.ReadStatusAsync(cancellationToken);
                if (status.IsCurrent)
                {
                    SchemaWaitLog.Current(logger, status.CurrentVersion);
                    return;
                }

                SchemaWaitLog.Behind(logger, status.CurrentVersion, status.TargetVersion);
            }
            catch (NpgsqlException exception) when (exception is not PostgresException)
            {
                // PostgreSQL not reachable yet (it may be starting with the rest of the release).
                SchemaWaitLog.Unreachable(logger, exception.Message);
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }
}

internal static partial class SchemaWaitLog
{
    [LoggerMessage(1, LogLevel.Information, "The database schema is at version {Version}, this build's.")]
    public static partial void Current(ILogger logger, int version);

    [LoggerMessage(2, LogLevel.Information, "Waiting for the migration: the database schema is at version {Current}, this build needs {Target}.")]
    public static partial void Behind(ILogger logger, int current, int target);

    [LoggerMessage(3, LogLevel.Information, "Waiting for PostgreSQL: {Reason}")]
    public static partial void Unreachable(ILogger logger, string reason);
}
