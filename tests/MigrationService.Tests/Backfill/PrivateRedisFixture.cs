using StackExchange.Redis;
using TestSupport;

namespace MigrationService.Tests.Backfill;

// An empty redis-server of the test class's own, for tests that write their legacy keys by hand.
public sealed class PrivateRedisFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;
    private ConnectionMultiplexer? _connection;

    public IDatabase Redis { get; private set; } = null!;

    public string Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("The fixture has not started its redis-server yet.");

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"{_server.Endpoint},allowAdmin=true");
        Redis = _connection.GetDatabase();
    }

    // The server is this class's alone, so a test may start from nothing.
    public async Task ClearAsync() => await Redis.ExecuteAsync("FLUSHALL");

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
