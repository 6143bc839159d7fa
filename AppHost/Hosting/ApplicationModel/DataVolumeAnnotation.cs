namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Keeps a server's data between runs in a named directory under the AppHost's volumes directory,
/// where Aspire would mount a named container volume.
/// </summary>
public sealed class DataVolumeAnnotation(string name) : IResourceAnnotation
{
    public string Name { get; } = name;
}
