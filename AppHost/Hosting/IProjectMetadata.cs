using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// Where a project resource lives. The build generates one implementation per referenced
/// project, in the <c>Projects</c> namespace (see ProjectMetadata.targets).
/// </summary>
public interface IProjectMetadata : IResourceAnnotation
{
    /// <summary>The full path of the project file.</summary>
    string ProjectPath { get; }
}
