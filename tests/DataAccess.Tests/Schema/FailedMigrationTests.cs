using DataAccess.Postgres.Schema;
using Npgsql;

namespace DataAccess.Tests.Schema;

public sealed class FailedMigrationTests : SchemaDatabaseTest
{
    private static readonly Migration First =
        TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");

    private static readonly Migration Third =
        TestMigrations.Script(3, "create_third", "CREATE TABLE third_table (id int)");

    [Fact]
    public async Task A_failing_migration_is_rolled_back_completely_and_later_ones_are_not_applied()
    {
        var failing = TestMigrations.Script(2, "half_done", """
            CREATE TABLE second_table (id int);
            INSERT INTO second_table VALUES (1);
            INSERT INTO table_that_does_not_exist VALUES (1);
            """);

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(First, failing, Third)).MigrateAsync());

        Assert.Contains("Migration 0002_half_done failed and was rolled back", error.Message);
        Assert.Contains("table_that_does_not_exist", error.Message);
        Assert.Equal("42P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.True(await Database.TableExistsAsync("first_table"));
        Assert.False(await Database.TableExistsAsync("second_table"));
        Assert.False(await Database.TableExistsAsync("third_table"));
        Assert.Equal([1], await Database.RecordedVersionsAsync());
    }

    // The script succeeds here and only its bookkeeping row fails (the script took its version
    // first), so this shows the script and the row commit together.
    [Fact]
    public async Task A_migration_whose_bookkeeping_row_cannot_be_written_is_rolled_back_too()
    {
        var clashing = TestMigrations.Script(2, "create_second", """
            CREATE TABLE second_table (id int);
            INSERT INTO schema_migrations (version, name, checksum, execution_time) VALUES (2, 'taken', 'taken', interval '0');
            """);

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(First, clashing, Third)).MigrateAsync());

        Assert.Equal("23505", Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.False(await Database.TableExistsAsync("second_table"));
        Assert.False(await Database.TableExistsAsync("third_table"));
        Assert.Equal([1], await Database.RecordedVersionsAsync());
    }

    [Fact]
    public async Task After_the_failing_migration_is_fixed_the_next_run_continues_where_it_stopped()
    {
        var failing = TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int); SELECT 1 / 0;");
        await Assert.ThrowsAsync<SchemaMigrationException>(
            () => Database.Migrator(new TestMigrations(First, failing, Third)).MigrateAsync());
        var fixedSecond = TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int);");

        var result = await Database.Migrator(new TestMigrations(First, fixedSecond, Third)).MigrateAsync();

        Assert.Equal([2, 3], result.Applied.Select(applied => applied.Migration.Version));
        Assert.Equal([1, 2, 3], await Database.RecordedVersionsAsync());
    }
}
