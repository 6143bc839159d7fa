using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class SchemaStatusTests : SchemaDatabaseTest
{
    private static readonly Migration First = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");
    private static readonly Migration Second = TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int)");

    [Fact]
    public async Task An_empty_database_is_at_version_zero_and_reading_creates_nothing()
    {
        var status = await Database.Migrator(new TestMigrations(First, Second)).ReadStatusAsync();

        Assert.Equal(new SchemaStatus(0, 2), status);
        Assert.False(status.IsCurrent);
        Assert.False(await Database.TableExistsAsync(SchemaMigrationHistory.TableName));
    }

    [Fact]
    public async Task A_database_behind_this_build_reports_both_versions()
    {
        await Database.Migrator(new TestMigrations(First)).MigrateAsync();

        var status = await Database.Migrator(new TestMigrations(First, Second)).ReadStatusAsync();

        Assert.Equal(new SchemaStatus(1, 2), status);
        Assert.False(status.IsCurrent);
    }

    [Fact]
    public async Task A_migrated_database_is_current()
    {
        var migrator = Database.Migrator(new EmbeddedMigrationSource());
        await migrator.MigrateAsync();

        var status = await migrator.ReadStatusAsync();

        Assert.True(status.IsCurrent);
        Assert.Equal(new EmbeddedMigrationSource().LoadMigrations().Count, status.CurrentVersion);
    }

    [Fact]
    public async Task A_database_newer_than_this_build_is_refused()
    {
        await Database.Migrator(new TestMigrations(First, Second)).MigrateAsync();

        await Assert.ThrowsAsync<SchemaMigrationException>(() => Database.Migrator(new TestMigrations(First)).ReadStatusAsync());
    }
}
