using Microsoft.Extensions.DependencyInjection;

namespace AppHost.LocalServers;

/// <summary>
/// AddRedis for machines without a container engine: redis-server on a port DCP picks, with a
/// generated password, the same health check and the same connection string as Aspire's container.
/// </summary>
internal static class LocalRedisBuilderExtensions
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var stateDirectory = Path.Combine(LocalState.Directory(builder.Configuration), name);
        var redis = new LocalRedisResource(name, RedisServerInstallation.PathOrPackaged(), stateDirectory, password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(redis);
            await RedisServerInstallation.EnsureInstalledAsync(redis.Command, logger, cancellationToken);
            await WriteConfigurationAsync(redis, cancellationToken);
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"), name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigurationFile);
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static async Task WriteConfigurationAsync(LocalRedisResource redis, CancellationToken cancellationToken)
    {
        var password = await redis.PasswordParameter.GetValueAsync(cancellationToken)
            ?? throw new DistributedApplicationException($"Parameter {redis.PasswordParameter.Name} has no value.");
        Directory.CreateDirectory(redis.WorkingDirectory, OwnerOnly);

        // "-::1": IPv6 loopback too, where the machine has one. Nothing is saved: a cache.
        var configuration = $"""
            bind 127.0.0.1 -::1
            requirepass "{password}"
            save ""
            appendonly no
            dir "{redis.WorkingDirectory}"

            """;
        await File.WriteAllTextAsync(redis.ConfigurationFile, "", cancellationToken);
        File.SetUnixFileMode(redis.ConfigurationFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(redis.ConfigurationFile, configuration, cancellationToken);
    }
}
