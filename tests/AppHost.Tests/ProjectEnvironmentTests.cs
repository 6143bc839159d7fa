using AppHost.Hosting.DotNetProjects;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

public sealed class ProjectEnvironmentTests
{
    [Fact]
    public async Task A_project_gets_its_address_environment_and_service_name_and_later_settings_win()
    {
        var builder = DistributedApplication.CreateBuilder();
        var project = builder.AddProject<Projects.Gateway>("gateway")
            .WithEnvironment("Setting", "first")
            .WithEnvironment("Setting", "second");
        Allocate(project.Resource, 5555);

        var environment = await ProjectEnvironment.BuildAsync(project.Resource, builder.Configuration, CancellationToken.None);

        Assert.Equal("http://localhost:5555", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("gateway", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("second", environment["Setting"]);
        Assert.False(environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Null(environment["DOTNET_LAUNCH_PROFILE"]);
    }

    [Fact]
    public async Task With_a_dashboard_endpoint_configured_a_project_exports_telemetry_to_it()
    {
        var builder = DistributedApplication.CreateBuilder();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889";
        var project = builder.AddProject<Projects.Gateway>("gateway");
        Allocate(project.Resource, 5555);

        var environment = await ProjectEnvironment.BuildAsync(project.Resource, builder.Configuration, CancellationToken.None);

        Assert.Equal("http://localhost:18889", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
    }

    [Fact]
    public async Task A_reference_to_a_project_gives_its_address_under_the_service_discovery_key()
    {
        var builder = DistributedApplication.CreateBuilder();
        var dataService = builder.AddProject<Projects.DataService>("dataservice");
        var gateway = builder.AddProject<Projects.Gateway>("gateway").WithReference(dataService);
        Allocate(dataService.Resource, 6000);
        Allocate(gateway.Resource, 6001);

        var environment = await ProjectEnvironment.BuildAsync(gateway.Resource, builder.Configuration, CancellationToken.None);

        Assert.Equal("http://localhost:6000", environment["services__dataservice__http__0"]);
    }

    private static void Allocate(ProjectResource project, int port)
    {
        var endpoint = project.GetEndpoints().Single();
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.UriScheme, "localhost", port);
    }
}
