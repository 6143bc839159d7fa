namespace DataAccess.Tests.Schema;

// Gives every test an empty database of its own: each test migrates from scratch.
public abstract class SchemaDatabaseTest : IAsyncLifetime
{
    private MigrationTestDatabase? _database;

    internal MigrationTestDatabase Database =>
        _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public async Task InitializeAsync() => _database = await MigrationTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
