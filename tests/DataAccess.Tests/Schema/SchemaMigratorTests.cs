using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

public sealed class SchemaMigratorTests : SchemaDatabaseTest
{
    [Fact]
    public async Task Applies_every_embedded_migration_to_an_empty_database()
    {
        var embedded = new EmbeddedMigrationSource();

        var result = await Database.Migrator(embedded).MigrateAsync();

        var expected = embedded.LoadMigrations().Select(migration => migration.Version).Order();
        Assert.Equal(expected, result.Applied.Select(applied => applied.Migration.Version));
        Assert.Empty(result.Skipped);
        Assert.Equal(expected, await Database.RecordedVersionsAsync());
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        var embedded = new EmbeddedMigrationSource();
        await Database.Migrator(embedded).MigrateAsync();

        var second = await Database.Migrator(embedded).MigrateAsync();

        var expected = embedded.LoadMigrations().Select(migration => migration.Version).Order();
        Assert.Empty(second.Applied);
        Assert.Equal(expected, second.Skipped.Select(migration => migration.Version));
        Assert.Equal(expected, await Database.RecordedVersionsAsync());
    }

    [Fact]
    public async Task Applies_only_the_migrations_the_database_lacks()
    {
        var first = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");
        var second = TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int)");
        await Database.Migrator(new TestMigrations(first)).MigrateAsync();

        var result = await Database.Migrator(new TestMigrations(second, first)).MigrateAsync();

        Assert.Equal([second], result.Applied.Select(applied => applied.Migration));
        Assert.Equal([first], result.Skipped);
        Assert.Equal(2, result.SchemaVersion);
        Assert.True(await Database.TableExistsAsync("second_table"));
    }

    [Fact]
    public async Task Records_each_migration_with_its_name_and_checksum()
    {
        var migration = TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)");

        await Database.Migrator(new TestMigrations(migration)).MigrateAsync();

        var row = await Database.ScalarAsync<string>(
            "SELECT format('%s|%s|%s|%s', version, name, checksum, execution_time >= interval '0' AND applied_at <= now()) FROM schema_migrations");
        Assert.Equal($"1|create_first|{migration.Checksum}|t", row);
    }

    [Fact]
    public async Task Logs_each_applied_migration_with_its_duration_and_a_summary()
    {
        var logger = new RecordingLogger<SchemaMigrator>();
        var migrations = new TestMigrations(
            TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)"),
            TestMigrations.Script(2, "create_second", "CREATE TABLE second_table (id int)"));

        await Database.Migrator(migrations, logger).MigrateAsync();

        Assert.Collection(
            logger.Lines,
            line => Assert.Matches(@"^Applied migration 0001_create_first in \d+ ms\.$", line),
            line => Assert.Matches(@"^Applied migration 0002_create_second in \d+ ms\.$", line),
            line => Assert.Matches(@"^Database schema is at version 2: 2 migration\(s\) applied, 0 already applied, in \d+ ms\.$", line));
    }

    [Fact]
    public async Task Runs_a_script_with_dollar_quoted_function_bodies_as_one_migration()
    {
        var migration = TestMigrations.Script(1, "create_function", """
            CREATE FUNCTION answer() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN
                RETURN 42; -- a semicolon inside the body must not split the script
            END $$;
            CREATE TABLE after_function (id int DEFAULT answer());
            """);

        await Database.Migrator(new TestMigrations(migration)).MigrateAsync();

        Assert.Equal(42, await Database.ScalarAsync<int>("SELECT answer()"));
    }

    [Fact]
    public async Task A_set_with_a_gap_is_refused_before_the_database_is_touched()
    {
        var migrations = new TestMigrations(
            TestMigrations.Script(1, "create_first", "CREATE TABLE first_table (id int)"),
            TestMigrations.Script(3, "create_third", "CREATE TABLE third_table (id int)"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Database.Migrator(migrations).MigrateAsync());

        Assert.Contains("version 2 is missing before 0003_create_third", error.Message);
        Assert.False(await Database.TableExistsAsync("schema_migrations"));
    }
}
