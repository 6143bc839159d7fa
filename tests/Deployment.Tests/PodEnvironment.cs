using k8s.Models;

namespace Deployment.Tests;

// The environment Kubernetes would give a container: literal values, Secret and ConfigMap
// references resolved, envFrom ConfigMaps expanded. Secrets come from the test (what the
// operator would create); an address naming a Service of the overlay is pointed at where
// the test runs that service.
internal sealed class PodEnvironment(RenderedOverlay rendered, IReadOnlyDictionary<(string Secret, string Key), string> secrets, IReadOnlyDictionary<string, Uri> serviceAddresses)
{
    public Dictionary<string, string> For(V1Container container)
    {
        var environment = new Dictionary<string, string>();
        foreach (var source in container.EnvFrom ?? [])
        {
            foreach (var (name, value) in rendered.ConfigMap(source.ConfigMapRef.Name).Data)
            {
                environment[name] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (Resolve(container, variable) is { } value)
            {
                environment[variable.Name] = value;
            }
        }

        return environment;
    }

    private string? Resolve(V1Container container, V1EnvVar variable)
    {
        if (variable.ValueFrom?.SecretKeyRef is { } secret)
        {
            if (secrets.TryGetValue((secret.Name, secret.Key), out var value))
            {
                return value;
            }

            // Kubernetes would not start the container without a required key.
            return secret.Optional == true
                ? null
                : throw new InvalidOperationException($"{container.Name}: {variable.Name} needs key {secret.Key} of Secret {secret.Name}, which the test does not create.");
        }

        if (variable.ValueFrom?.ConfigMapKeyRef is { } config)
        {
            return rendered.ConfigMap(config.Name).Data[config.Key];
        }

        if (variable.ValueFrom is not null)
        {
            throw new InvalidOperationException($"{container.Name}: {variable.Name} comes from a source the test cannot resolve.");
        }

        return Uri.TryCreate(variable.Value, UriKind.Absolute, out var address) && serviceAddresses.TryGetValue(address.Host, out var local)
            ? local.ToString().TrimEnd('/')
            : variable.Value;
    }
}
