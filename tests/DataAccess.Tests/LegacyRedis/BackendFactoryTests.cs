using DataAccess.Announcements;
using DataAccess.ApiKeys;
using DataAccess.Dual;
using DataAccess.Hybrid;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Stores;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Transactions;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.LegacyRedis;

// Database:Type / DATABASE_TYPE picks the backend by configuration alone.
public sealed class BackendFactoryTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task The_redis_backend_needs_no_postgresql()
    {
        using var host = Build(new() { ["DATABASE_TYPE"] = "redis", ["ConnectionStrings:redis"] = _redis.Endpoint });

        // Its key changes announced to the gateways on the host's Redis.
        Assert.IsType<AnnouncedApiKeyStore>(host.Services.GetRequiredService<IApiKeyStore>());
        Assert.NotNull(host.Services.GetService<LegacyRedisApiKeyStore>());
        Assert.IsType<LegacyRedisUsageStore>(host.Services.GetRequiredService<IUsageStore>());
        Assert.IsType<LegacyRedisSessionStore>(host.Services.GetRequiredService<ISessionStore>());
        Assert.IsType<UnsupportedTransactionManager>(host.Services.GetRequiredService<ITransactionManager>());
        Assert.NotNull(host.Services.GetRequiredService<ILegacyRedisAdapter>());
        Assert.Null(host.Services.GetService<NpgsqlDataSource>());
        Assert.True((await host.Services.GetRequiredService<IApiKeyStore>().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "works" })).Success);
    }

    [Fact]
    public async Task The_legacy_layout_comes_from_legacy_redis_when_that_connection_is_set()
    {
        using var host = Build(new()
        {
            ["Database:Type"] = "redis",
            ["ConnectionStrings:redis"] = $"127.0.0.1:{RedisServerProcess.FreePort()},connectTimeout=200",
            ["ConnectionStrings:legacy-redis"] = _redis.Endpoint,
        });

        var health = await host.Services.GetRequiredService<IStorageStrategy>().GetStorageHealthAsync();

        Assert.True(health.Redis.Connected);
        Assert.False(health.Postgres.Connected);
    }

    // The gateways beside a relay listen on its Redis: a DataService given only that one
    // announces there the keys it changes, with the hash the gateways cache them by.
    [Fact]
    public async Task The_redis_backend_with_only_the_relay_redis_announces_changed_keys_there()
    {
        using var host = Build(new() { ["Database:Type"] = "redis", ["ConnectionStrings:legacy-redis"] = _redis.Endpoint });
        var keys = host.Services.GetRequiredService<IApiKeyStore>();
        var created = (await keys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "announced" })).Data!;
        await using var listener = await ConnectionMultiplexer.ConnectAsync(_redis.Endpoint);
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await listener.GetSubscriber().SubscribeAsync(RedisChannel.Literal(CacheInvalidator.Channel), (_, message) => announced.TrySetResult(message!));

        Assert.True((await keys.UpdateApiKeyAsync(created.Id, new ApiKeyUpdate { IsActive = false })).Success);

        var message = await announced.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(created.Id.ToString(), message, StringComparison.Ordinal);
        Assert.Contains(created.HashedKey, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, PrimaryStorage.Redis)]
    [InlineData("redis", PrimaryStorage.Redis)]
    [InlineData("postgres", PrimaryStorage.Postgres)]
    public void Dual_mode_reads_from_the_configured_side(string? readFrom, PrimaryStorage primary)
    {
        using var host = Build(new()
        {
            ["Database:Type"] = "dual",
            ["Database:DualReadFrom"] = readFrom,
            ["ConnectionStrings:redis"] = _redis.Endpoint,
            ["ConnectionStrings:postgres"] = TestServers.Postgres,
        });

        Assert.IsType<AnnouncedApiKeyStore>(host.Services.GetRequiredService<IApiKeyStore>());
        Assert.NotNull(host.Services.GetService<DualApiKeyStore>());
        Assert.Equal(primary, host.Services.GetRequiredService<IStorageStrategy>().GetStorageConfig(DataType.ApiKey).PrimaryStorage);
    }

    [Theory]
    [InlineData("Database:Type", "mongodb", "expected hybrid, postgres, redis, dual or remote")]
    [InlineData("Database:DualReadFrom", "both", "expected redis or postgres")]
    public void Unknown_settings_are_refused_at_start_up(string setting, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Database:Type"] = "dual", [setting] = value }));

        Assert.Contains(message, error.Message);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        settings["Security:EncryptionKey"] = "factory-test-key";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPostgresDataSourceAsTheServicesDo();
        builder.AddRedisClientsAsTheServicesDo();
        builder.AddDataAccess();
        return builder.Build();
    }
}
