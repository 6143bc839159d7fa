using k8s.Models;
using MigrationService;

namespace Deployment.Tests;

// The MigrationService runs as a Job; the DataService's pods start only after the schema it
// applies is in PostgreSQL, because their init container waits for it.
public sealed class MigrationWiringTests
{
    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_migration_is_a_Job_that_runs_to_completion_once(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var job = Assert.Single(rendered.All<V1Job>());
        Assert.Equal("migration", job.Name());
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.True(job.Spec.BackoffLimit > 0);
        Assert.True(job.Spec.Parallelism is null or 1);
        Assert.Null(job.Spec.TtlSecondsAfterFinished);
        Assert.Equal("claude-relay/migrationservice", ImageRepository(Assert.Single(job.Spec.Template.Spec.Containers).Image));
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_DataService_waits_in_an_init_container_for_the_schema_the_Job_applies(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var job = Assert.Single(rendered.All<V1Job>()).Spec.Template.Spec.Containers.Single();
        var pod = rendered.Single<V1Deployment>("dataservice").Spec.Template.Spec;

        var wait = Assert.Single(pod.InitContainers);
        Assert.Equal(job.Image, wait.Image);
        Assert.Equal([BackfillCommandLine.WaitForSchema], wait.Args);
        Assert.Null(wait.Command);
        // Same database as the Job migrates, and as the DataService uses.
        var postgres = EnvironmentName("ConnectionStrings:postgres");
        Assert.Equivalent(SecretOf(job, postgres), SecretOf(wait, postgres), strict: true);
        Assert.Equivalent(SecretOf(job, postgres), SecretOf(pod.Containers.Single(container => container.Name == "dataservice"), postgres), strict: true);
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_gateway_reaches_the_DataService_through_its_Service(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var gateway = WorkloadShapeTests.ServiceContainer(rendered, "gateway");

        var address = new Uri(gateway.Env.Single(variable => variable.Name == "services__dataservice__http__0").Value);
        var service = rendered.Single<V1Service>(address.Host);
        Assert.Contains(service.Spec.Ports, port => port.Port == address.Port);
        Assert.Equivalent(
            SecretOf(WorkloadShapeTests.ServiceContainer(rendered, "dataservice"), "DataService__Auth__ServiceTokens__0"),
            SecretOf(gateway, "DataService__Client__Token"),
            strict: true);
    }

    internal static string ImageRepository(string image) => image.Split(':')[0];

    private static string EnvironmentName(string key) => ConfigurationKeyTests.EnvironmentName(key);

    private static V1SecretKeySelector SecretOf(V1Container container, string variable) =>
        container.Env.Single(item => item.Name == variable).ValueFrom.SecretKeyRef;
}
