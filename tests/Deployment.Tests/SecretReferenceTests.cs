using System.Text.RegularExpressions;
using k8s.Models;

namespace Deployment.Tests;

public sealed partial class SecretReferenceTests
{
    // Connection strings, keys, tokens and passwords: what must come from a Secret.
    [GeneratedRegex("ConnectionStrings__|Key|Token|Password|Secret", RegexOptions.IgnoreCase)]
    private static partial Regex SecretBearingName();

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task The_repository_defines_no_Secret_and_generates_none(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.Empty(rendered.All<V1Secret>());
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_secret_bearing_variable_is_a_Secret_reference(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.All(rendered.PodTemplates(), workload => Assert.All(ManifestSchemaTests.Containers(workload.Template), container =>
            Assert.All((container.Env ?? []).Where(variable => SecretBearingName().IsMatch(variable.Name)), variable =>
            {
                Assert.True(variable.Value is null, $"{workload.Workload}/{container.Name}: {variable.Name} has a literal value");
                Assert.NotNull(variable.ValueFrom?.SecretKeyRef);
            })));
        Assert.All(rendered.All<V1ConfigMap>(), map => Assert.DoesNotContain(map.Data.Keys, key => SecretBearingName().IsMatch(key)));
    }

    [Theory]
    [ClassData(typeof(Overlays))]
    public async Task Every_Secret_the_pods_need_is_one_the_README_tells_the_operator_to_create(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));

        var references = rendered.PodTemplates()
            .SelectMany(workload => ManifestSchemaTests.Containers(workload.Template))
            .SelectMany(container => container.Env ?? [])
            .Select(variable => variable.ValueFrom?.SecretKeyRef)
            .OfType<V1SecretKeySelector>()
            .DistinctBy(reference => (reference.Name, reference.Key));

        Assert.All(references, reference =>
        {
            var command = Regex.Match(readme, $@"kubectl -n claude-relay create secret generic {Regex.Escape(reference.Name)}((?:[^\n]*\\\n)*[^\n]*)");
            Assert.True(command.Success, $"README: no `kubectl create secret generic {reference.Name}`");
            if (reference.Optional != true)
            {
                Assert.Matches($@"--from-(literal|file)={Regex.Escape(reference.Key)}=", command.Groups[1].Value);
            }
        });
    }

    [Fact]
    public void No_file_under_deploy_holds_secret_data()
    {
        var files = Directory.GetFiles(Repository.Deploy, "*", SearchOption.AllDirectories);

        Assert.All(files, file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"(?m)^\s*(data|stringData):", text);
            Assert.DoesNotMatch(@"Password=[^$;""\s]", text);
            Assert.DoesNotContain("secretGenerator", text);
        });
    }
}
