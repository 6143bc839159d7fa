namespace Aspire.Hosting.ApplicationModel;

/// <summary>A resource that runs as a process and so can be given environment variables.</summary>
public interface IResourceWithEnvironment : IResource;
