namespace Aspire.Hosting.ApplicationModel;

public static class ResourceExtensions
{
    public static EndpointReference GetEndpoint(this IResourceWithEndpoints resource, string endpointName) => new(resource, endpointName);

    public static IEnumerable<EndpointAnnotation> GetEndpoints(this IResource resource) => resource.Annotations.OfType<EndpointAnnotation>();
}
