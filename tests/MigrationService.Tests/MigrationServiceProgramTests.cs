using Npgsql;
using TestSupport;

namespace MigrationService.Tests;

public sealed class MigrationServiceProgramTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database =>
        _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("migration_program");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Applies_the_schema_and_exits_with_zero()
    {
        var (exitCode, output) = await MigrationServiceProcess.RunAsync(Database.ConnectionString);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{output}");
        Assert.Contains("Applied migration 0001_initial_schema", output);
        Assert.Contains("The database is ready", output);
        Assert.Equal(3, await ScalarAsync<long>(
            "SELECT count(*) FROM pg_tables WHERE tablename IN ('api_keys', 'usage_events', 'schema_migrations')"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task Two_runs_at_once_on_one_host_both_exit_with_zero_as_the_worker_listens_on_no_port()
    {
        var runs = await Task.WhenAll(MigrationServiceProcess.RunAsync(Database.ConnectionString), MigrationServiceProcess.RunAsync(Database.ConnectionString));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"Exit code {run.ExitCode}. Output:\n{run.Output}"));
        Assert.All(runs, run => Assert.DoesNotContain("Now listening on", run.Output));
    }

    [Fact]
    public async Task A_second_run_applies_nothing_and_exits_with_zero()
    {
        await MigrationServiceProcess.RunAsync(Database.ConnectionString);

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(Database.ConnectionString);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{output}");
        Assert.Contains("0 migration(s) applied", output);
    }

    [Fact]
    public async Task An_unreachable_database_fails_with_a_clear_message_and_a_non_zero_exit_code()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 5 };

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(unreachable.ConnectionString);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Database migration failed, so the services that wait for it must not start: Failed to connect to 127.0.0.1:1", output);
    }

    [Fact]
    public async Task A_missing_connection_string_fails_with_a_clear_message_and_a_non_zero_exit_code()
    {
        var (exitCode, output) = await MigrationServiceProcess.RunAsync(postgresConnectionString: null);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ConnectionString is missing. It should be provided in 'ConnectionStrings:postgres'", output);
    }

    [Fact]
    public async Task A_database_that_recorded_a_different_migration_fails_with_the_checksum_message()
    {
        await MigrationServiceProcess.RunAsync(Database.ConnectionString);
        await ScalarAsync<int>("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 1 RETURNING version");

        var (exitCode, output) = await MigrationServiceProcess.RunAsync(Database.ConnectionString);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Migration 0001_initial_schema was applied to this database with checksum {new string('0', 64)}", output);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
