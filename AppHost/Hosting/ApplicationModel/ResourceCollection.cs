using System.Collections.ObjectModel;

namespace Aspire.Hosting.ApplicationModel;

internal sealed class ResourceCollection : Collection<IResource>, IResourceCollection
{
    protected override void InsertItem(int index, IResource item)
    {
        if (this.Any(r => string.Equals(r.Name, item.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{item.Name}': the app already has a resource with that name.");
        }

        base.InsertItem(index, item);
    }
}
