using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataAccess.Postgres.Schema;

/// <summary>
/// Brings a PostgreSQL database up to this build's schema by applying the versioned SQL migrations
/// it has not applied yet.
/// </summary>
/// <remarks>
/// <para>Runs hold <see cref="SchemaMigrationLock"/>, so concurrent runners take turns and the later
/// one finds the work done.</para>
/// <para>Each migration runs in its own transaction together with its <c>schema_migrations</c> row:
/// it is applied and recorded, or neither.</para>
/// <para>Before anything is applied, what the database recorded is checked against this build: an
/// applied migration whose file has changed, or one this build does not know, stops the run with a
/// <see cref="SchemaMigrationException"/>.</para>
/// </remarks>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, IMigrationSource migrationSource, ILogger<SchemaMigrator> logger)
{
    /// <summary>Applies the pending migrations, in version order.</summary>
    /// <exception cref="SchemaMigrationException">
    /// The database disagrees with this build's migrations, or a migration failed (it was rolled back,
    /// and no later one was applied).
    /// </exception>
    /// <exception cref="InvalidOperationException">This build's migrations are not numbered 1 to N.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; the migration in progress was rolled back.</exception>
    public async Task<SchemaMigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var run = Stopwatch.StartNew();
        var known = MigrationSequence.InOrder(migrationSource.LoadMigrations());

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var migrationLock = await SchemaMigrationLock.AcquireAsync(connection, logger, cancellationToken);

        var history = new SchemaMigrationHistory(connection);
        await history.EnsureCreatedAsync(cancellationToken);
        var plan = MigrationPlan.Create(known, await history.ReadAsync(cancellationToken));

        var applied = new List<AppliedMigration>();
        foreach (var migration in plan.Pending)
        {
            applied.Add(await ApplyAsync(connection, history, migration, cancellationToken));
        }

        var result = new SchemaMigrationResult(applied, plan.AlreadyApplied);
        SchemaMigrationLog.Finished(logger, result.SchemaVersion, applied.Count, plan.AlreadyApplied.Count, run.Elapsed.TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// Reads, without changing anything or taking the migration lock, how far the database is
    /// from this build's schema: what waits for a migration run asks this.
    /// </summary>
    /// <exception cref="SchemaMigrationException">The database disagrees with this build's migrations.</exception>
    public async Task<SchemaStatus> ReadStatusAsync(CancellationToken cancellationToken = default)
    {
        var known = MigrationSequence.InOrder(migrationSource.LoadMigrations());

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var history = new SchemaMigrationHistory(connection);
        var recorded = await history.ExistsAsync(cancellationToken) ? await history.ReadAsync(cancellationToken) : [];
        var plan = MigrationPlan.Create(known, recorded);
        return new SchemaStatus(plan.AlreadyApplied.LastOrDefault()?.Version ?? 0, known.Count);
    }

    private async Task<AppliedMigration> ApplyAsync(
        NpgsqlConnection connection,
        SchemaMigrationHistory history,
        Migration migration,
        CancellationToken cancellationToken)
    {
        SchemaMigrationLog.Applying(logger, migration.DisplayName);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            var script = Stopwatch.StartNew();
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                // A migration takes as long as the data it rewrites; cancellation is the way to stop it.
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var duration = script.Elapsed;
            await history.RecordAsync(migration, duration, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            SchemaMigrationLog.Applied(logger, migration.DisplayName, duration.TotalMilliseconds);
            return new AppliedMigration(migration, duration);
        }
        catch (NpgsqlException exception)
        {
            throw SchemaMigrationException.Failed(migration, exception);
        }
    }
}
