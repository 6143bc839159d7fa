namespace Aspire.Hosting.ApplicationModel;

/// <summary>A .NET project of the solution, run from its build output.</summary>
public sealed class ProjectResource(string name)
    : Resource(name), IResourceWithEnvironment, IResourceWithWaitSupport, IResourceWithServiceDiscovery
{
    /// <summary>Where the project is; added by AddProject from the generated <c>Projects.*</c> class.</summary>
    public IProjectMetadata Metadata => Annotations.OfType<IProjectMetadata>().Single();
}
