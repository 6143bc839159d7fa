namespace Aspire.Hosting.ApplicationModel;

/// <summary>A resource's new snapshot.</summary>
public sealed class ResourceEvent(IResource resource, string resourceId, CustomResourceSnapshot snapshot)
{
    public IResource Resource { get; } = resource;

    public string ResourceId { get; } = resourceId;

    public CustomResourceSnapshot Snapshot { get; } = snapshot;
}
