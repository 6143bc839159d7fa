using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AppHost.Hosting.DotNetProjects;

/// <summary>The environment variables an Aspire AppHost gives a project it runs.</summary>
internal static class ProjectEnvironment
{
    // What the AppHost's own process has that must not leak into a project.
    private static readonly string[] s_notInherited = ["ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    public static async Task<Dictionary<string, string?>> BuildAsync(ProjectResource project, IConfiguration appHostConfiguration, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = string.Join(';', project.GetEndpoints().Select(e => e.AllocatedEndpoint!.UriString)),
            // Aspire takes these from the project's launch profile; /health is mapped only in Development.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
        };
        AddOpenTelemetry(variables, project, appHostConfiguration);

        var context = new EnvironmentCallbackContext(variables, cancellationToken);
        foreach (var annotation in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        var environment = s_notInherited.ToDictionary(name => name, _ => (string?)null);
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    // The service always learns its name; the exporter settings only when the AppHost has an
    // OTLP endpoint to send to (Aspire's dashboard; here whatever collector the operator names).
    private static void AddOpenTelemetry(Dictionary<string, string> variables, ProjectResource project, IConfiguration configuration)
    {
        variables["OTEL_SERVICE_NAME"] = project.Name;
        variables["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.NewGuid():N}";
        variables["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";

        var (endpoint, protocol) = OtlpEndpoint(configuration);
        if (endpoint is null)
        {
            return;
        }

        variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
        if (configuration["AppHost:OtlpApiKey"] is { Length: > 0 } apiKey)
        {
            variables["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}";
        }

        // Export quickly, and everything, as Aspire does for local development.
        variables["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        variables["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        variables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        variables["OTEL_TRACES_SAMPLER"] = "always_on";
        variables["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
    }

    private static (string? Endpoint, string Protocol) OtlpEndpoint(IConfiguration configuration)
    {
        if (First(configuration, "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_ENDPOINT_URL") is { } grpc)
        {
            return (grpc, "grpc");
        }

        return (First(configuration, "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"), "http/protobuf");
    }

    private static string? First(IConfiguration configuration, params string[] keys) =>
        keys.Select(key => configuration[key]).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
