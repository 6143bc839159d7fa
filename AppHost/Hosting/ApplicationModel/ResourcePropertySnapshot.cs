namespace Aspire.Hosting.ApplicationModel;

/// <summary>A named fact about a running resource, e.g. <c>executable.pid</c>.</summary>
public sealed record ResourcePropertySnapshot(string Name, object? Value);
