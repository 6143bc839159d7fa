using TestSupport;

namespace ServiceDefaults.Tests.Npgsql;

// One throwaway database per test class.
public sealed class NpgsqlDatabaseFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public PostgresTestDatabase Database =>
        _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("npgsql");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
