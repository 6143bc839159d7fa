namespace Aspire.Hosting.ApplicationModel;

/// <summary>Holds a resource back until another one is ready (WaitFor) or has completed (WaitForCompletion).</summary>
public sealed class WaitAnnotation(IResource resource, WaitType waitType, int exitCode = 0) : IResourceAnnotation
{
    public IResource Resource { get; } = resource;

    public WaitType WaitType { get; } = waitType;

    /// <summary>For <see cref="WaitType.WaitForCompletion"/>: the exit code that counts as success.</summary>
    public int ExitCode { get; } = exitCode;
}
