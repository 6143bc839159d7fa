using Microsoft.Extensions.Configuration;

namespace AppHost.LocalServers;

/// <summary>
/// Where PostgreSQL and Redis come from. The services receive the same ConnectionStrings__*
/// either way and cannot tell the difference:
/// <list type="bullet">
/// <item>ConnectionStrings:{name} in the AppHost's configuration: that existing server (AddConnectionString);</item>
/// <item>publish mode, or a healthy Docker/Podman: Aspire's container resources;</item>
/// <item>otherwise: the installed server programs, run as executable resources.</item>
/// </list>
/// <c>AppHost:LocalServers</c> (<c>auto</c>, <c>containers</c>, <c>executables</c>) overrides the choice in run mode.
/// </summary>
internal sealed class BackingServers(IDistributedApplicationBuilder builder)
{
    public const string ModeKey = "AppHost:LocalServers";

    private readonly Lazy<bool> _useContainers = new(() => UseContainers(builder));

    public IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(string serverName, string connectionName, string databaseName)
    {
        if (builder.Configuration.GetConnectionString(connectionName) is not null)
        {
            return builder.AddConnectionString(connectionName);
        }

        return _useContainers.Value
            ? builder.AddPostgres(serverName).WithDataVolume().AddDatabase(connectionName, databaseName)
            : builder.AddLocalPostgres(serverName).AddDatabase(connectionName, databaseName);
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name)
    {
        if (builder.Configuration.GetConnectionString(name) is not null)
        {
            return builder.AddConnectionString(name);
        }

        return _useContainers.Value ? builder.AddRedis(name) : builder.AddLocalRedis(name);
    }

    private static bool UseContainers(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return true;
        }

        return builder.Configuration[ModeKey]?.ToLowerInvariant() switch
        {
            null or "" or "auto" => ContainerRuntimeProbe.IsHealthy(builder.Configuration),
            "containers" => true,
            "executables" => false,
            var other => throw new DistributedApplicationException($"{ModeKey} is '{other}'; expected auto, containers or executables."),
        };
    }
}
