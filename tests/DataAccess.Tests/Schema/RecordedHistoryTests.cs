using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class RecordedHistoryTests : SchemaDatabaseTest
{
    private static readonly Migration First =
        TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");

    private static readonly Migration Second =
        TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int)");

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await Database.Migrator(new TestMigrations(First, Second)).MigrateAsync();

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(First)).MigrateAsync());

        Assert.Contains("The database has migration 0002_create_second applied", error.Message);
        Assert.Contains("only up to version 1", error.Message);
        Assert.Contains("newer build", error.Message);
        Assert.Equal([1, 2], await Database.RecordedVersionsAsync());
    }

    [Fact]
    public async Task A_hole_in_the_recorded_history_is_refused()
    {
        var third = TestMigrations.Script(3, "create_third", "CREATE TABLE third_table (id int)");
        await Database.Migrator(new TestMigrations(First, Second)).MigrateAsync();
        await Database.ExecuteAsync("DELETE FROM schema_migrations WHERE version = 1");

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(First, Second, third)).MigrateAsync());

        Assert.Contains("Migration 0001_create_first is not applied, but the later 0002_create_second is", error.Message);
        Assert.False(await Database.TableExistsAsync("third_table"));
    }
}
