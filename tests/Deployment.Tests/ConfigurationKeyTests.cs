using k8s.Models;

namespace Deployment.Tests;

public sealed class ConfigurationKeyTests
{
    [Fact]
    public void Every_configuration_name_the_code_declares_is_accounted_for()
    {
        var declared = ConfigurationRequirements.DeclaredNames().Select(item => item.Name).ToList();

        Assert.All(declared, name => Assert.True(ConfigurationRequirements.ByName.ContainsKey(name),
            $"{name} names configuration the manifests know nothing about: provide it in deploy/ and list it in ConfigurationRequirements, or list why its default suffices."));
        Assert.All(ConfigurationRequirements.ByName.Keys, name => Assert.Contains(name, declared));
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_service_receives_every_key_it_needs(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (assembly, name, _) in ConfigurationRequirements.DeclaredNames())
        {
            var requirement = ConfigurationRequirements.ByName[name];
            foreach (var service in ConfigurationRequirements.ServicesUsing(assembly).Where(service => requirement.Only is null || requirement.Only.Contains(service)))
            {
                var provided = ProvidedNames(rendered, service);
                Assert.All(requirement.Keys, key => Assert.True(provided.Contains(EnvironmentName(key)),
                    $"{overlay}: {service} needs {key} ({name}); its container sets {string.Join(", ", provided.Order())}"));
            }
        }
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_referenced_ConfigMap_exists_and_every_environment_variable_is_set_once(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.PodTemplates(), workload => Assert.All(ManifestSchemaTests.Containers(workload.Template), container =>
        {
            Assert.All(container.EnvFrom ?? [], source => rendered.ConfigMap(source.ConfigMapRef.Name));
            var names = (container.Env ?? []).Select(variable => variable.Name).ToList();
            Assert.Equal(names.Distinct().Count(), names.Count);
        }));
    }

    // The OTLP exporter's settings reach every one of our containers, from one ConfigMap.
    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_OTLP_endpoint_is_configurable_in_one_place(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        foreach (var (workload, container) in ConfigurationRequirements.Containers.Values)
        {
            var names = ProvidedNames(rendered, workload, container);
            Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", names);
            Assert.Contains("OTEL_SERVICE_NAME", names);
        }

        Assert.Single(rendered.All<V1ConfigMap>(), map => map.Data.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    internal static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static HashSet<string> ProvidedNames(RenderedOverlay rendered, string service)
    {
        var (workload, container) = ConfigurationRequirements.Containers[service];
        return ProvidedNames(rendered, workload, container);
    }

    private static HashSet<string> ProvidedNames(RenderedOverlay rendered, string workload, string containerName)
    {
        var template = rendered.PodTemplates().Single(item => item.Workload == workload).Template;
        var container = template.Spec.Containers.Single(item => item.Name == containerName);
        return [.. (container.Env ?? []).Select(variable => variable.Name),
            .. (container.EnvFrom ?? []).SelectMany(source => rendered.ConfigMap(source.ConfigMapRef.Name).Data.Keys)];
    }
}
