using DataAccess.Postgres.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TestSupport;

namespace DataAccess.Tests.Schema;

// An empty database of its own for one test, with a data source and the queries the schema tests
// ask about it.
internal sealed class MigrationTestDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private MigrationTestDatabase(PostgresTestDatabase database)
    {
        _database = database;
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<MigrationTestDatabase> CreateAsync() =>
        new(await PostgresTestDatabase.CreateAsync("schema"));

    public SchemaMigrator Migrator(IMigrationSource migrations, ILogger<SchemaMigrator>? logger = null) =>
        new(DataSource, migrations, logger ?? NullLogger<SchemaMigrator>.Instance);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public Task<bool> TableExistsAsync(string table) =>
        ScalarAsync<bool>($"SELECT to_regclass('{table}') IS NOT NULL");

    public async Task<IReadOnlyList<int>> RecordedVersionsAsync()
    {
        if (!await TableExistsAsync(SchemaMigrationHistory.TableName))
        {
            return [];
        }

        await using var command = DataSource.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
