using YamlDotNet.RepresentationModel;

namespace Deployment.Tests;

// azd deploys the app model: azure.yaml must name the AppHost, as `azd init` writes it for an
// Aspire app.
public sealed class AzureDeveloperCliTests
{
    [Fact]
    public void Azure_yaml_names_the_AppHost_project_as_one_container_apps_service()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Repository.Root, "azure.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var services = (YamlMappingNode)root["services"];
        var app = (YamlMappingNode)Assert.Single(services.Children).Value;
        Assert.Equal("dotnet", app["language"].ToString());
        Assert.Equal("containerapp", app["host"].ToString());

        var project = Path.GetFullPath(Path.Combine(Repository.Root, app["project"].ToString()));
        Assert.True(File.Exists(project), $"azure.yaml names {project}, which does not exist");
        Assert.Equal(Path.Combine(Repository.Root, "AppHost", "AppHost.csproj"), project);
        Assert.Contains(Directory.GetFiles(Path.GetDirectoryName(project)!, "*.cs"), file => File.ReadAllText(file).Contains("DistributedApplication.CreateBuilder(", StringComparison.Ordinal));
    }
}
