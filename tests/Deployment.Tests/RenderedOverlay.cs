using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Deployment.Tests;

// One overlay as kubectl kustomize renders it, read into the Kubernetes API's own model types.
// Strict: a field the API does not define, or a value of the wrong type, fails the read, as the
// API server would refuse the object.
internal sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Task<RenderedOverlay>> Cache = new();

    private RenderedOverlay(string name, string yaml, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
    }

    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; }

    public static Task<RenderedOverlay> LoadAsync(string overlay) => Cache.GetOrAdd(overlay, RenderAsync);

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        Objects.OfType<T>().SingleOrDefault(item => item.Name() == name)
        ?? throw new InvalidOperationException($"Overlay {Name} renders no {typeof(T).Name} named {name}.");

    public V1ConfigMap ConfigMap(string name) => Single<V1ConfigMap>(name);

    // The pod templates of every workload, named after their workload.
    public IEnumerable<(string Workload, V1PodTemplateSpec Template)> PodTemplates() =>
        All<V1Deployment>().Select(item => (item.Name(), item.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(item => (item.Name(), item.Spec.Template)))
            .Concat(All<V1Job>().Select(item => (item.Name(), item.Spec.Template)));

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Parse(string yaml) =>
        [.. KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true).Select(item =>
            item as IKubernetesObject<V1ObjectMeta> ?? throw new InvalidOperationException($"{item.GetType().Name} has no object metadata."))];

    private static async Task<RenderedOverlay> RenderAsync(string overlay)
    {
        var yaml = await Kustomize.BuildAsync(Path.Combine(Repository.Deploy, "overlays", overlay));
        return new RenderedOverlay(overlay, yaml, Parse(yaml));
    }
}
