using DataAccess.LegacyRedis.Adapter;
using DataAccess.Redis;
using DataAccess.Tests.Contract;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace DataAccess.Tests.LegacyRedis;

// Tests of what the redis backend writes, on a private redis-server emptied before and
// after each test, so they can assert exact key sets. After each test, whatever it wrote
// must still be readable by a legacy relay, unless it planted foreign keys on purpose.
public abstract class LegacyLayoutTest(LegacyRedisBackendFixture fixture) : IClassFixture<LegacyRedisBackendFixture>, IAsyncLifetime
{
    private bool _plantsForeignKeys;

    protected LegacyRedisBackendFixture Fixture { get; } = fixture;

    protected IDatabase Redis => Fixture.Redis;

    protected ILegacyRedisAdapter Adapter => Fixture.Services.GetRequiredService<ILegacyRedisAdapter>();

    protected DateTimeOffset Now => Fixture.Clock.GetUtcNow();

    public async Task InitializeAsync() => await Redis.ExecuteAsync("FLUSHDB");

    public async Task DisposeAsync()
    {
        var violations = _plantsForeignKeys ? [] : await LegacyLayoutConformance.ViolationsAsync(Redis);
        await Redis.ExecuteAsync("FLUSHDB");
        Assert.Empty(violations);
    }

    protected void PlantsForeignKeys() => _plantsForeignKeys = true;

    protected async Task<List<string>> KeysAsync(string pattern = "*") =>
        [.. (await Redis.KeysAsync(pattern).ToListAsync()).Order(StringComparer.Ordinal)];

    protected async Task<Dictionary<string, string>> FieldsAsync(string key) =>
        (await Redis.HashGetAllAsync(key)).ToDictionary(field => (string)field.Name!, field => (string?)field.Value ?? "", StringComparer.Ordinal);

    // The TTL is within a few seconds below the expected one (the clock ran meanwhile).
    protected async Task AssertTtlAsync(string key, TimeSpan expected)
    {
        var ttl = await Redis.KeyTimeToLiveAsync(key);
        Assert.True(ttl is { } actual && actual <= expected && actual > expected - TimeSpan.FromSeconds(10), $"{key}: TTL {ttl}, expected {expected}");
    }

    protected async Task AssertNoTtlAsync(string key)
    {
        Assert.True(await Redis.KeyExistsAsync(key), $"{key} does not exist");
        Assert.Null(await Redis.KeyTimeToLiveAsync(key));
    }
}
