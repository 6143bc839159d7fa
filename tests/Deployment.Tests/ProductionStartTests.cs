using System.Net;
using System.Security.Cryptography;
using k8s.Models;
using TestSupport;

namespace Deployment.Tests;

// Runs what a fresh install runs, in the order Kubernetes would, from each overlay's rendered
// manifests: the migration Job, the DataService's init container, the DataService, the
// gateway; each with exactly the environment its container gets, in the Production
// environment, against real PostgreSQL and Redis. Then asks every probe the manifests declare.
public sealed class ProductionStartTests
{
    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task A_fresh_install_migrates_then_every_service_answers_its_probes_in_Production(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        await using var database = await PostgresTestDatabase.CreateAsync("deploy");
        var secrets = new Dictionary<(string, string), string>
        {
            [("relay-connections", "postgres")] = database.ConnectionString,
            [("relay-connections", "redis")] = TestServers.Redis,
            [("relay-secrets", "encryption-key")] = RandomSecret(),
            [("relay-secrets", "admin-token")] = RandomSecret(),
            [("relay-secrets", "service-token")] = RandomSecret(),
        };
        var addresses = new Dictionary<string, Uri>();

        var migration = Assert.Single(rendered.All<V1Job>()).Spec.Template.Spec.Containers.Single();
        await RunToCompletionAsync(migration, new PodEnvironment(rendered, secrets, addresses));

        var dataService = rendered.Single<V1Deployment>("dataservice").Spec.Template.Spec;
        foreach (var init in dataService.InitContainers ?? [])
        {
            await RunToCompletionAsync(init, new PodEnvironment(rendered, secrets, addresses));
        }

        await using var dataServiceProcess = await StartAndProbeAsync(dataService.Containers.Single(), new PodEnvironment(rendered, secrets, addresses));
        addresses["dataservice"] = new Uri($"http://127.0.0.1:{dataServiceProcess.Port}");

        var gateway = rendered.Single<V1Deployment>("gateway").Spec.Template.Spec.Containers.Single();
        await using var gatewayProcess = await StartAndProbeAsync(gateway, new PodEnvironment(rendered, secrets, addresses));
    }

    private static async Task RunToCompletionAsync(V1Container container, PodEnvironment environment)
    {
        await using var process = ContainerProcess.Start(ProjectOf(container), container.Args ?? [], environment.For(container));

        var exitCode = await process.WaitForExitAsync();

        Assert.True(exitCode == 0, $"{container.Name} exited with {exitCode}:\n{process.Output}");
        Assert.Contains("Hosting environment: Production", process.Output);
    }

    private static async Task<ContainerProcess> StartAndProbeAsync(V1Container container, PodEnvironment environment)
    {
        var process = ContainerProcess.Start(ProjectOf(container), container.Args ?? [], environment.For(container));
        try
        {
            foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
            {
                var (status, body) = await process.ProbeAsync(probe.HttpGet.Path);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal("Healthy", body);
            }

            Assert.Contains("Hosting environment: Production", process.Output);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    // claude-relay/dataservice → DataService: the project whose ContainerRepository it is.
    private static string ProjectOf(V1Container container) =>
        ConfigurationRequirements.Containers.Keys.Single(project =>
            System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root, project, $"{project}.csproj"))
                .Descendants("ContainerRepository").Single().Value == MigrationWiringTests.ImageRepository(container.Image));

    private static string RandomSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}
