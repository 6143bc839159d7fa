using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class ConcurrentMigrationTests : SchemaDatabaseTest
{
    private static readonly TestMigrations Migrations = new(
        // The pause keeps the first runner inside its migrations while the second one starts.
        TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int); SELECT pg_sleep(0.5);"),
        TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int)"),
        TestMigrations.Script(3, "create_third", "CREATE TABLE third_table (id int)"));

    [Fact]
    public async Task Two_runners_at_once_both_succeed_and_apply_each_migration_once()
    {
        var results = await Task.WhenAll(
            Task.Run(() => Database.Migrator(Migrations).MigrateAsync()),
            Task.Run(() => Database.Migrator(Migrations).MigrateAsync()));

        var worker = Assert.Single(results, result => result.Applied.Count > 0);
        var latecomer = Assert.Single(results, result => result.Applied.Count == 0);
        Assert.Equal([1, 2, 3], worker.Applied.Select(applied => applied.Migration.Version));
        Assert.Equal([1, 2, 3], latecomer.Skipped.Select(migration => migration.Version));
        Assert.Equal([1, 2, 3], await Database.RecordedVersionsAsync());
    }

    [Fact]
    public async Task A_runner_waits_while_another_session_holds_the_migration_lock()
    {
        var logger = new RecordingLogger<SchemaMigrator>();
        await using var holder = await Database.DataSource.OpenConnectionAsync();
        await using (var takeLock = holder.CreateCommand())
        {
            takeLock.CommandText = $"SELECT pg_advisory_lock({SchemaMigrationLock.Key})";
            await takeLock.ExecuteNonQueryAsync();
        }

        var migration = Database.Migrator(Migrations, logger).MigrateAsync();
        await MigrationLockWaiters.WaitUntilSomeoneWaitsAsync(Database);

        Assert.False(migration.IsCompleted);
        Assert.Empty(await Database.RecordedVersionsAsync());
        Assert.Contains(logger.Lines, line => line.Contains($"advisory lock {SchemaMigrationLock.Key}", StringComparison.Ordinal));

        await using (var releaseLock = holder.CreateCommand())
        {
            releaseLock.CommandText = $"SELECT pg_advisory_unlock({SchemaMigrationLock.Key})";
            await releaseLock.ExecuteNonQueryAsync();
        }

        var result = await migration;
        Assert.Equal(3, result.Applied.Count);
    }
}
