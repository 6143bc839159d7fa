using System.Xml.Linq;
using k8s.Models;

namespace Deployment.Tests;

// The images the manifests run are the ones `dotnet publish -t:PublishContainer` builds.
public sealed class ContainerImageTests
{
    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_image_of_ours_is_a_service_project_s_container_repository_run_as_its_user(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var projects = ConfigurationRequirements.Containers.Keys.ToDictionary(ContainerProperty.ImageRepository, project => project);

        foreach (var (workload, template) in rendered.PodTemplates())
        {
            foreach (var container in ManifestSchemaTests.Containers(template).Where(container => container.Image.StartsWith("claude-relay/", StringComparison.Ordinal)))
            {
                var repository = MigrationWiringTests.ImageRepository(container.Image);
                Assert.True(projects.TryGetValue(repository, out var project), $"{workload}/{container.Name}: no project builds {repository}");
                Assert.Equal(ContainerProperty.Read(project, "ContainerUser"), template.Spec.SecurityContext.RunAsUser?.ToString());
            }
        }

        Assert.All(ConfigurationRequirements.Containers, service =>
            Assert.Equal(ContainerProperty.ImageRepository(service.Key), MigrationWiringTests.ImageRepository(
                rendered.PodTemplates().Single(item => item.Workload == service.Value.Workload).Template.Spec.Containers.Single(item => item.Name == service.Value.Container).Image)));
    }

    [Theory]
    [InlineData("DataService")]
    [InlineData("Gateway")]
    [InlineData("MigrationService")]
    public void Each_service_project_builds_a_chiseled_image_that_runs_as_a_non_root_user(string project)
    {
        Assert.Equal("noble-chiseled", ContainerProperty.Read(project, "ContainerFamily"));
        Assert.True(int.Parse(ContainerProperty.Read(project, "ContainerUser")!) > 0);
    }

    private static class ContainerProperty
    {
        public static string ImageRepository(string project) =>
            Read(project, "ContainerRepository") ?? throw new InvalidOperationException($"{project}.csproj sets no ContainerRepository.");

        public static string? Read(string project, string property) =>
            XDocument.Load(Path.Combine(Repository.Root, project, $"{project}.csproj"))
                .Descendants(property).SingleOrDefault()?.Value;
    }
}
