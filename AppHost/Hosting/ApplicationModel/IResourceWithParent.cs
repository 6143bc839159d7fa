namespace Aspire.Hosting.ApplicationModel;

/// <summary>A resource that lives inside another one, as a database inside its server.</summary>
public interface IResourceWithParent<out T> : IResource where T : IResource
{
    T Parent { get; }
}
