using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class CancellationTests : SchemaDatabaseTest
{
    [Fact]
    public async Task Cancelling_a_running_migration_rolls_it_back()
    {
        var slow = TestMigrations.Script(1, "slow", "CREATE TABLE slow_table (id int); SELECT pg_sleep(300);");
        using var cancellation = new CancellationTokenSource();

        var migration = Database.Migrator(new TestMigrations(slow)).MigrateAsync(cancellation.Token);
        await WaitUntilSleepingAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => migration);
        Assert.False(await Database.TableExistsAsync("slow_table"));
        Assert.Empty(await Database.RecordedVersionsAsync());
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_lock_gives_up_without_applying_anything()
    {
        var first = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");
        await using var holder = await Database.DataSource.OpenConnectionAsync();
        await using (var takeLock = holder.CreateCommand())
        {
            takeLock.CommandText = $"SELECT pg_advisory_lock({SchemaMigrationLock.Key})";
            await takeLock.ExecuteNonQueryAsync();
        }

        using var cancellation = new CancellationTokenSource();
        var migration = Database.Migrator(new TestMigrations(first)).MigrateAsync(cancellation.Token);
        await MigrationLockWaiters.WaitUntilSomeoneWaitsAsync(Database);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => migration);
        Assert.False(await Database.TableExistsAsync("first_table"));
    }

    private async Task WaitUntilSleepingAsync()
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'") == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), giveUp.Token);
        }
    }
}
