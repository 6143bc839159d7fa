namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A resource other resources find by name through <c>services__{name}__{endpoint}__0</c>
/// variables (what <c>WithReference(project)</c> injects).
/// </summary>
public interface IResourceWithServiceDiscovery : IResourceWithEndpoints;
