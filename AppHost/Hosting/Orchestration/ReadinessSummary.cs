using System.Text;
using AppHost.Hosting.Parameters;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Orchestration;

/// <summary>
/// The block the operator reads once everything is up: where each resource is, where each
/// secret can be found (never the secret itself), and how to stop.
/// </summary>
internal sealed class ReadinessSummary(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    IConfiguration configuration,
    AppHostDirectories directories)
{
    public const string LoggerName = "apphost";

    public void Write(ILogger logger)
    {
        var nameWidth = model.Resources.Max(r => r.Name.Length) + 2;
        var text = new StringBuilder("All resources are up.\n");
        foreach (var resource in model.Resources.Where(r => r is not ParameterResource))
        {
            text.Append($"  {resource.Name.PadRight(nameWidth)}{Describe(resource)}\n");
        }

        text.Append("Secret parameters (their values are never printed):\n");
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(p => p.Secret))
        {
            text.Append($"  {parameter.Name.PadRight(nameWidth)}{WhereToFind(parameter)}\n");
        }

        text.Append("Press Ctrl+C to stop: the projects stop first, then Redis and PostgreSQL.");
        HostingLog.Summary(logger, text.ToString());
    }

    private string Describe(IResource resource) => resource switch
    {
        ProjectResource when HasFinished(resource) => "finished (exit code 0)",
        ProjectResource project => project.GetEndpoint("http").Url,
        PostgresServerResource server => $"{server.PrimaryEndpoint.Host}:{server.PrimaryEndpoint.Port}, user {server.UserName}, {DataKept(server)}",
        PostgresDatabaseResource database => $"database {database.DatabaseName} on {database.Parent.Name}",
        RedisResource redis => $"{redis.PrimaryEndpoint.Host}:{redis.PrimaryEndpoint.Port}, nothing kept between runs",
        _ => "",
    };

    private bool HasFinished(IResource resource) =>
        notifications.TryGetCurrentState(resource.Name, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Finished;

    private string DataKept(PostgresServerResource server) =>
        server.Annotations.OfType<DataVolumeAnnotation>().LastOrDefault() is { } volume
            ? $"data kept in {Path.Combine(directories.Volumes, volume.Name)}"
            : "data deleted when the app stops";

    private string WhereToFind(ParameterResource parameter)
    {
        var key = $"Parameters:{parameter.Name}";
        if (configuration[key] is not null)
        {
            return $"from configuration ({key})";
        }

        return parameter.Default is PersistentParameterDefault
            ? $"generated, kept in {directories.ParameterFile} under \"{key}\""
            : "generated for this run only";
    }
}
