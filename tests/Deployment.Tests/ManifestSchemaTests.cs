using k8s.Models;
using YamlDotNet.Core;

namespace Deployment.Tests;

// kubectl's own validation needs a cluster to fetch the API schema from; offline, the API's
// model types of the KubernetesClient library are the schema.
public sealed class ManifestSchemaTests
{
    [Fact]
    public void Both_deployment_flavours_exist() =>
        Assert.Subset(Repository.Overlays().ToHashSet(), new HashSet<string> { "evaluation", "external" });

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_rendered_object_is_a_valid_Kubernetes_API_object(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.NotEmpty(rendered.Objects);
        Assert.All(rendered.Objects, item =>
        {
            Assert.False(string.IsNullOrEmpty(item.Name()), $"a {item.Kind} without a name");
            Assert.Equal("claude-relay", item.Namespace());
        });
        Assert.All(rendered.PodTemplates(), workload =>
            Assert.All(Containers(workload.Template), container =>
            {
                Assert.False(string.IsNullOrEmpty(container.Name), $"{workload.Workload}: a container without a name");
                Assert.False(string.IsNullOrEmpty(container.Image), $"{workload.Workload}/{container.Name}: no image");
            }));
    }

    [Theory]
    [InlineData("spec:\n  replicas: 2\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i, imagePullPolicyy: Always}]\n")]
    [InlineData("spec:\n  replicas: two\n")]
    public void A_misspelt_field_or_a_wrong_type_is_refused(string spec) =>
        Assert.ThrowsAny<YamlException>(() => RenderedOverlay.Parse($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: x}}\n{spec}"));

    internal static IEnumerable<V1Container> Containers(V1PodTemplateSpec template) =>
        (template.Spec.InitContainers ?? []).Concat(template.Spec.Containers);
}
