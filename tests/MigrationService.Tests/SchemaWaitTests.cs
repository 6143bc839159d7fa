using Npgsql;
using TestSupport;

namespace MigrationService.Tests;

// --wait-for-schema, what the DataService's init container runs in Kubernetes.
public sealed class SchemaWaitTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database =>
        _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("schema_wait");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Waits_while_the_schema_is_missing_and_exits_with_zero_once_the_migration_applied_it()
    {
        var waiter = MigrationServiceProcess.RunAsync(Database.ConnectionString, arguments: BackfillCommandLine.WaitForSchema);

        // Long enough for the process to start and poll several times.
        var first = await Task.WhenAny(waiter, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.NotSame(waiter, first);
        Assert.Equal(0, await TableCountAsync());

        var (migrationExit, migrationOutput) = await MigrationServiceProcess.RunAsync(Database.ConnectionString);
        Assert.True(migrationExit == 0, migrationOutput);

        var (exitCode, output) = await waiter;
        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{output}");
        Assert.Contains("Waiting for the migration: the database schema is at version 0", output);
        Assert.Contains("The database schema is at version", output);
    }

    [Fact]
    public void Cannot_be_combined_with_a_backfill_mode() =>
        Assert.Throws<ArgumentException>(() => BackfillCommandLine.Parse([BackfillCommandLine.WaitForSchema, BackfillCommandLine.Verify]));

    private async Task<long> TableCountAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
