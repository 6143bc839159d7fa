using ServiceDefaults.Redis;
using TestSupport;

namespace MigrationService.Tests.Backfill;

// An empty redis-server of the test class's own, for tests that write their legacy keys by hand.
public sealed class PrivateRedisFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisClient Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        Redis = await RedisClient.ConnectAsync(_server.Endpoint);
    }

    // The server is this class's alone, so a test may start from nothing.
    public async Task ClearAsync() => await Redis.ExecuteAsync("FLUSHALL", [], CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
