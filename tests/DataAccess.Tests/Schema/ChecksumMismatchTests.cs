using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class ChecksumMismatchTests : SchemaDatabaseTest
{
    [Fact]
    public async Task An_edited_applied_migration_is_refused_and_nothing_else_is_applied()
    {
        var original = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");
        await Database.Migrator(new TestMigrations(original)).MigrateAsync();
        var edited = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id bigint)");
        var next = TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int)");

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(edited, next)).MigrateAsync());

        Assert.Contains("Migration 0001_create_first was applied to this database", error.Message);
        Assert.Contains($"with checksum {original.Checksum}", error.Message);
        Assert.Contains($"this build's file has checksum {edited.Checksum}", error.Message);
        Assert.Contains("put the change in a new migration", error.Message);
        Assert.False(await Database.TableExistsAsync("second_table"));
        Assert.Equal([1], await Database.RecordedVersionsAsync());
        Assert.Equal(original.Checksum, await Database.ScalarAsync<string>("SELECT checksum FROM schema_migrations"));
    }

    [Fact]
    public async Task Even_an_edit_to_a_comment_counts_as_a_change()
    {
        var original = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");
        await Database.Migrator(new TestMigrations(original)).MigrateAsync();
        var commented = TestMigrations.Script(1, "create_first", "-- the first table\nCREATE TABLE first_table (id int)");

        await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(commented)).MigrateAsync());
    }
}
