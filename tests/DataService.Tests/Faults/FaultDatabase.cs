using DataAccess.Postgres.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;
using TestSupport;

namespace DataService.Tests.Faults;

// The PostgreSQL database of one scenario, schema applied: on the shared test cluster, or on
// a private server when the scenario crashes it (the shared one serves every other test).
public sealed class FaultDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase? _shared;

    private FaultDatabase(string connectionString, PostgresTestDatabase? shared, PostgresServerProcess? server)
    {
        ConnectionString = connectionString;
        _shared = shared;
        Server = server;
    }

    public string ConnectionString { get; }

    // The private server, when there is one.
    public PostgresServerProcess? Server { get; }

    public static async Task<FaultDatabase> OnSharedClusterAsync()
    {
        var database = await PostgresTestDatabase.CreateAsync("fault");
        await MigrateAsync(database.ConnectionString);
        return new FaultDatabase(database.ConnectionString, database, null);
    }

    public static async Task<FaultDatabase> OnPrivateServerAsync()
    {
        var server = await PostgresServerProcess.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("relay");
        await MigrateAsync(connectionString);
        return new FaultDatabase(connectionString, null, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    private static async Task MigrateAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var loggers = LoggerFactory.Create(_ => { });
        await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), loggers.CreateLogger<SchemaMigrator>()).MigrateAsync();
    }
}
