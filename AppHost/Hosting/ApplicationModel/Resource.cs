namespace Aspire.Hosting.ApplicationModel;

/// <summary>Base class of every resource.</summary>
public abstract class Resource(string name) : IResource
{
    public string Name { get; } = name;

    public ResourceAnnotationCollection Annotations { get; } = [];

    public override string ToString() => Name;
}
