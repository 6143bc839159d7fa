namespace Aspire.Hosting.ApplicationModel;

/// <summary>A named endpoint of a resource; its address is known once the app has started.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName)
{
    public IResourceWithEndpoints Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public bool IsAllocated => Annotation.AllocatedEndpoint is not null;

    public string Url => Allocated.UriString;

    public string Host => Allocated.Host;

    public int Port => Allocated.Port;

    private AllocatedEndpoint Allocated => Annotation.AllocatedEndpoint
        ?? throw new InvalidOperationException($"The endpoint '{EndpointName}' of '{Resource.Name}' has no address yet; the app has not started.");

    private EndpointAnnotation Annotation => Resource.Annotations.OfType<EndpointAnnotation>()
        .SingleOrDefault(e => string.Equals(e.Name, EndpointName, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"'{Resource.Name}' has no endpoint named '{EndpointName}'.");
}
