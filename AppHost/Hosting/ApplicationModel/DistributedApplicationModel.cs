namespace Aspire.Hosting.ApplicationModel;

/// <summary>The resources of the built app.</summary>
public sealed class DistributedApplicationModel(IResourceCollection resources)
{
    public IResourceCollection Resources { get; } = resources;

    /// <summary>The resource with this name (case-insensitive); throws if there is none.</summary>
    public IResource Find(string resourceName) =>
        Resources.SingleOrDefault(r => string.Equals(r.Name, resourceName, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"The app has no resource named '{resourceName}'.", nameof(resourceName));
}
