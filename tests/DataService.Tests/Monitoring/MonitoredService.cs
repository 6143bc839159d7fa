using DataAccess.Postgres.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StackExchange.Redis;
using TestSupport;

namespace DataService.Tests.Monitoring;

// A database of its own with the schema applied, and the DataService instance(s) on it.
public sealed class MonitoredService : IAsyncLifetime
{
    private readonly string _usageStreamKey = $"test:{Guid.NewGuid():N}:usage";
    private readonly List<MonitoredServiceFactory> _instances = [];
    private PostgresTestDatabase? _database;

    public MonitoredServiceFactory Instance => _instances[0];

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("monitoring");
        await using (var dataSource = NpgsqlDataSource.Create(_database.ConnectionString))
        {
            await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        }

        StartInstance();
    }

    // Another instance of the service on the same database and Redis, as a second replica.
    public MonitoredServiceFactory StartInstance()
    {
        var instance = new MonitoredServiceFactory(_database!.ConnectionString, _usageStreamKey);
        instance.StartServer();
        _instances.Add(instance);
        return instance;
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis))
        {
            await redis.GetDatabase().KeyDeleteAsync([_usageStreamKey, _usageStreamKey + ":dead"]);
        }

        await _database!.DisposeAsync();
    }
}
