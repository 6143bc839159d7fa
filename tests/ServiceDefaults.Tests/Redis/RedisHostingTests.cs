using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Redis;
using TestSupport;

namespace ServiceDefaults.Tests.Redis;

public sealed class RedisHostingTests
{
    [Fact]
    public async Task The_client_reads_its_connection_string_and_registers_a_health_check()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:cache"] = TestServers.Redis;
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<RedisClient>();
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Same(client, host.Services.GetRequiredService<RedisClient>());
        Assert.Equal("PONG", (string?)await client.ExecuteAsync("PING"));
        Assert.Equal(HealthStatus.Healthy, health.Entries["StackExchange.Redis"].Status);
    }

    [Fact]
    public void The_connection_string_wins_over_the_settings_section_and_the_delegate_runs_last()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Aspire:StackExchange:Redis:ConnectionString"] = "from-section:1";
        builder.Configuration["Aspire:StackExchange:Redis:cache:DisableHealthChecks"] = "true";
        builder.Configuration["ConnectionStrings:cache"] = "from-connection-strings:2,abortConnect=false";
        RedisClientSettings? seen = null;
        builder.AddRedisClient("cache", settings => seen = settings);

        Assert.Equal("from-connection-strings:2,abortConnect=false", seen!.ConnectionString);
        Assert.True(seen.DisableHealthChecks);
    }

    [Fact]
    public void A_missing_connection_string_fails_on_first_use_with_a_clear_message()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddRedisClient("cache");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<RedisClient>());

        Assert.Contains("'ConnectionStrings:cache'", error.Message);
        Assert.Contains("'Aspire:StackExchange:Redis:ConnectionString'", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_makes_the_health_check_unhealthy()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:cache"] = $"127.0.0.1:{RedisServerProcess.FreePort()}";
        builder.AddRedisClient("cache", settings => settings.HealthCheckTimeout = TimeSpan.FromSeconds(2));
        using var host = builder.Build();

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, health.Entries["StackExchange.Redis"].Status);
    }

    [Fact]
    public async Task A_keyed_client_is_separate_from_the_default_one()
    {
        await using var legacy = await RedisServerProcess.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:cache"] = TestServers.Redis;
        builder.Configuration["ConnectionStrings:legacy-redis"] = legacy.Endpoint;
        builder.AddRedisClient("cache");
        builder.AddKeyedRedisClient("legacy-redis");
        using var host = builder.Build();

        var cache = host.Services.GetRequiredService<RedisClient>();
        var legacyClient = host.Services.GetRequiredKeyedService<RedisClient>("legacy-redis");
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.NotSame(cache, legacyClient);
        Assert.Equal(legacy.Port, (await WaitConnectedAsync(legacyClient)).Port);
        Assert.Contains("StackExchange.Redis_legacy-redis", health.Entries.Keys);
    }

    [Fact]
    public async Task The_distributed_cache_shares_the_client()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:cache"] = TestServers.Redis;
        var instance = SharedRedisFixture.UniqueKey("app") + ":";
        builder.AddRedisDistributedCache("cache", configureCache: options => options.InstanceName = instance);
        using var host = builder.Build();

        var cache = host.Services.GetRequiredService<IDistributedCache>();
        await cache.SetStringAsync("greeting", "hello");

        var client = host.Services.GetRequiredService<RedisClient>();
        Assert.Equal("hello", (string?)await client.HashGetAsync(instance + "greeting", "data"));
        Assert.Equal("hello", await cache.GetStringAsync("greeting"));
    }

    private static async Task<RedisEndpoint> WaitConnectedAsync(RedisClient client)
    {
        await client.PingAsync();
        return client.ConnectedEndpoint!;
    }
}
