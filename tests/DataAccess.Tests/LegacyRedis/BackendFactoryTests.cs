using DataAccess.Announcements;
using DataAccess.ApiKeys;
using DataAccess.Dual;
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
