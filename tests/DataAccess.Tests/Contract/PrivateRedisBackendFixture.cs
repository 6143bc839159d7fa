using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.LegacyRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.Contract;

// A backend on the legacy Redis layout, on a redis-server of its own, so tests may assert
// exact key sets. When the fixture ends, every key must still be readable by a legacy
// relay (LegacyLayoutConformance).
public abstract class PrivateRedisBackendFixture : BackendFixture
{
    private RedisServerProcess? _server;

    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    protected override string RedisEndpoint => _server!.Endpoint;

    public override async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        var violations = await LegacyLayoutConformance.ViolationsAsync(Redis);
        await base.DisposeAsync();
        await _server!.DisposeAsync();
        if (violations.Count > 0)
        {
            throw new InvalidOperationException("A legacy relay could not read this database:\n" + string.Join('\n', violations));
        }
    }

    public override Task FlushUsageAsync() => Task.CompletedTask;

    public override async Task AddWebUserAsync(string userId, bool isActive)
    {
        await base.AddWebUserAsync(userId, isActive);
        await Redis.StringSetAsync(LegacyKeys.User(userId), JsonSerializer.Serialize(new { id = userId, isActive }));
    }

    public override async Task<long> StoredSessionCountAsync() =>
        await Redis.KeysAsync("crs2:session:*").CountAsync();
}

public sealed class LegacyRedisBackendFixture : PrivateRedisBackendFixture
{
    public override string DatabaseType => "redis";

    public override BackendCapabilities Capabilities => BackendCapabilities.None;
}

public sealed class DualRedisReadBackendFixture : PrivateRedisBackendFixture
{
    public override string DatabaseType => "dual";

    // Cleanup deletes PostgreSQL's events, but reads come from the legacy buckets.
    public override BackendCapabilities Capabilities => BackendCapabilities.PostgreSql | BackendCapabilities.RetentionCleanup;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:DualReadFrom"] = "redis" };
}

public sealed class DualPostgresReadBackendFixture : PrivateRedisBackendFixture
{
    public override string DatabaseType => "dual";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:DualReadFrom"] = "postgres" };
}
