using StackExchange.Redis;
using TestSupport;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests.Backfill;

// A redis-server of the test class's own, filled with a generated legacy dataset.
public class LegacyRedisFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;
    private ConnectionMultiplexer? _connection;

    public IDatabase Redis { get; private set; } = null!;

    public string Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("The fixture has not started its redis-server yet.");

    public LegacyDataset Dataset { get; private set; } = null!;

    protected virtual LegacyDatasetOptions DatasetOptions => new();

    public virtual async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.Endpoint);
        Redis = _connection.GetDatabase();
        Dataset = await LegacyDatasetGenerator.GenerateAsync(Redis, DatasetOptions);
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        finally
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
