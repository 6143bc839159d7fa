using k8s.Models;

namespace Deployment.Tests;

public sealed class WorkloadShapeTests
{
    public static readonly string[] Services = ["dataservice", "gateway"];

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_services_run_at_least_two_replicas_that_a_disruption_budget_keeps_one_of(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var name in Services)
        {
            var deployment = rendered.Single<V1Deployment>(name);
            Assert.True(deployment.Spec.Replicas >= 2, $"{name}: {deployment.Spec.Replicas} replicas");
            Assert.Equal(0, deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.ToInt());

            var budget = rendered.All<V1PodDisruptionBudget>().Single(budget => Selects(budget.Spec.Selector, deployment.Spec.Template));
            Assert.True(budget.Spec.MinAvailable.ToInt() >= 1 && budget.Spec.MinAvailable.ToInt() < deployment.Spec.Replicas, $"{budget.Name()}: minAvailable {budget.Spec.MinAvailable}");
        }
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_gateway_scales_horizontally_from_two_replicas(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var autoscaler = Assert.Single(rendered.All<V2HorizontalPodAutoscaler>());
        Assert.Equal(("apps/v1", "Deployment", "gateway"), (autoscaler.Spec.ScaleTargetRef.ApiVersion, autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.True(autoscaler.Spec.MinReplicas >= 2);
        Assert.True(autoscaler.Spec.MaxReplicas > autoscaler.Spec.MinReplicas);
        var cpu = Assert.Single(autoscaler.Spec.Metrics).Resource;
        Assert.Equal("cpu", cpu.Name);
        // Utilization is a share of the request: without a CPU request the autoscaler cannot act.
        Assert.NotNull(ServiceContainer(rendered, "gateway").Resources.Requests["cpu"]);
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Probes_ask_health_for_readiness_and_alive_for_liveness_on_the_port_the_service_listens_on(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var name in Services)
        {
            var container = ServiceContainer(rendered, name);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);

            var port = container.Ports.Single(port => port.Name == container.ReadinessProbe.HttpGet.Port.Value);
            Assert.Equal(port.Name, container.LivenessProbe.HttpGet.Port.Value);
            // ASP.NET Core listens where ASPNETCORE_HTTP_PORTS says.
            Assert.Equal(port.ContainerPort.ToString(), container.Env.Single(variable => variable.Name == "ASPNETCORE_HTTP_PORTS").Value);
        }
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_container_requests_CPU_and_memory_and_is_limited_in_memory(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.PodTemplates(), workload => Assert.All(ManifestSchemaTests.Containers(workload.Template), container =>
        {
            var resources = container.Resources;
            Assert.True(resources?.Requests?.ContainsKey("cpu") == true && resources.Requests.ContainsKey("memory"), $"{workload.Workload}/{container.Name}: requests");
            Assert.True(resources.Limits?.ContainsKey("memory") == true, $"{workload.Workload}/{container.Name}: memory limit");
            Assert.True(resources.Limits["memory"].ToDecimal() >= resources.Requests["memory"].ToDecimal());
        }));
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_pod_runs_as_a_non_root_user_without_privilege_escalation(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.PodTemplates(), workload =>
        {
            var pod = workload.Template.Spec.SecurityContext;
            Assert.True(pod.RunAsNonRoot == true && pod.RunAsUser > 0, workload.Workload);
            Assert.All(ManifestSchemaTests.Containers(workload.Template), container =>
                Assert.True(container.SecurityContext.AllowPrivilegeEscalation == false, $"{workload.Workload}/{container.Name}"));
        });
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_selector_matches_its_own_pods(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.All<V1Deployment>(), item => Assert.True(Selects(item.Spec.Selector, item.Spec.Template), item.Name()));
        Assert.All(rendered.All<V1StatefulSet>(), item => Assert.True(Selects(item.Spec.Selector, item.Spec.Template), item.Name()));
        Assert.All(rendered.All<V1StatefulSet>(), item => rendered.Single<V1Service>(item.Spec.ServiceName));
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_service_selects_the_pods_of_exactly_one_workload_and_targets_a_port_they_declare(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.All<V1Service>(), service =>
        {
            var workloads = rendered.PodTemplates().Where(workload => Matches(service.Spec.Selector, workload.Template)).ToList();
            var workload = Assert.Single(workloads);
            var declared = workload.Template.Spec.Containers.SelectMany(container => container.Ports ?? []).ToList();
            Assert.All(service.Spec.Ports, port => Assert.Contains(declared, candidate =>
                port.TargetPort.Value == candidate.Name || port.TargetPort.Value == candidate.ContainerPort.ToString()));
        });
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_disruption_budget_selects_a_workload(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.All<V1PodDisruptionBudget>(), budget =>
            Assert.Single(rendered.PodTemplates(), workload => Selects(budget.Spec.Selector, workload.Template)));
    }

    internal static V1Container ServiceContainer(RenderedOverlay rendered, string name) =>
        rendered.Single<V1Deployment>(name).Spec.Template.Spec.Containers.Single(container => container.Name == name);

    private static bool Selects(V1LabelSelector selector, V1PodTemplateSpec template) =>
        selector.MatchExpressions is null or { Count: 0 } && Matches(selector.MatchLabels, template);

    private static bool Matches(IDictionary<string, string>? labels, V1PodTemplateSpec template) =>
        labels is { Count: > 0 } && labels.All(label => template.Metadata.Labels.TryGetValue(label.Key, out var value) && value == label.Value);
}
