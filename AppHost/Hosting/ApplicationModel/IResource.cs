namespace Aspire.Hosting.ApplicationModel;

/// <summary>A part of the distributed application: a project, a server, a database, a parameter.</summary>
public interface IResource
{
    /// <summary>The name, unique in the app (compared case-insensitively).</summary>
    string Name { get; }

    /// <summary>What the app model says about the resource: endpoints, environment, waits, health checks.</summary>
    ResourceAnnotationCollection Annotations { get; }
}
