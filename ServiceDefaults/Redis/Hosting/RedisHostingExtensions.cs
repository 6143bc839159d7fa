using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

// The Redis client integration, with the names, configuration sections and behaviour of
// Aspire's StackExchange.Redis integration, so a later switch is a package swap.
public static class RedisHostingExtensions
{
    private const string DefaultConfigSectionName = "Aspire:StackExchange:Redis";
    private const string HealthCheckName = "StackExchange.Redis";

    // Registers a singleton RedisClient connected to ConnectionStrings:{connectionName}.
    public static void AddRedisClient(
        this IHostApplicationBuilder builder, string connectionName,
        Action<RedisClientSettings>? configureSettings = null, Action<RedisOptions>? configureOptions = null) =>
        AddRedisClient(builder, connectionName, serviceKey: null, configureSettings, configureOptions);

    // The same, as a keyed service: for a second Redis (a migration's legacy source).
    public static void AddKeyedRedisClient(
        this IHostApplicationBuilder builder, string name,
        Action<RedisClientSettings>? configureSettings = null, Action<RedisOptions>? configureOptions = null) =>
        AddRedisClient(builder, name, serviceKey: name, configureSettings, configureOptions);

    // A RedisClient plus IDistributedCache on the same connection.
    public static void AddRedisDistributedCache(
        this IHostApplicationBuilder builder, string connectionName,
        Action<RedisClientSettings>? configureSettings = null, Action<RedisDistributedCacheOptions>? configureCache = null)
    {
        builder.AddRedisClient(connectionName, configureSettings);
        var cacheOptions = builder.Services.AddOptions<RedisDistributedCacheOptions>();
        if (configureCache is not null)
        {
            cacheOptions.Configure(configureCache);
        }

        builder.Services.AddSingleton<IDistributedCache>(services => new RedisDistributedCache(
            services.GetRequiredService<RedisClient>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedisDistributedCacheOptions>>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    private static void AddRedisClient(
        IHostApplicationBuilder builder, string connectionName, string? serviceKey,
        Action<RedisClientSettings>? configureSettings, Action<RedisOptions>? configureOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        var settings = new RedisClientSettings();
        var section = builder.Configuration.GetSection(DefaultConfigSectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);

        RedisClient CreateClient(IServiceProvider services)
        {
            // Validated on first use rather than at registration, so the error is logged by
            // a running host instead of breaking start-up code that never needs Redis.
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw new InvalidOperationException(
                    $"No endpoints specified. Ensure a valid connection string was provided in 'ConnectionStrings:{connectionName}' " +
                    $"or for the '{DefaultConfigSectionName}:ConnectionString' key.");
            }

            var options = RedisOptions.Parse(settings.ConnectionString);
            configureOptions?.Invoke(options);
            return RedisClient.Create(options, services.GetService<ILoggerFactory>());
        }

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(CreateClient);
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) => CreateClient(services));
        }

        if (!settings.DisableAutoActivation)
        {
            builder.Services.AddHostedService(services => new RedisClientActivator(() => Resolve(services, serviceKey)));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(RedisTelemetry.Name));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(RedisTelemetry.Name));
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                serviceKey is null ? HealthCheckName : $"{HealthCheckName}_{serviceKey}",
                services => new RedisHealthCheck(Resolve(services, serviceKey), settings.HealthCheckTimeout),
                failureStatus: default,
                tags: default));
        }
    }

    private static RedisClient Resolve(IServiceProvider services, string? serviceKey) =>
        serviceKey is null ? services.GetRequiredService<RedisClient>() : services.GetRequiredKeyedService<RedisClient>(serviceKey);

    // Creating the client starts its connection; doing it as the host starts means the
    // first request finds it connected.
    private sealed class RedisClientActivator(Func<RedisClient> resolve) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            resolve();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
