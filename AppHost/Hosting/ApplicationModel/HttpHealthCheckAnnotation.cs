namespace Aspire.Hosting.ApplicationModel;

/// <summary>The resource is healthy while a GET of <see cref="Path"/> on the endpoint answers <see cref="StatusCode"/>.</summary>
public sealed class HttpHealthCheckAnnotation(string endpointName, string path, int statusCode) : IResourceAnnotation
{
    public string EndpointName { get; } = endpointName;

    public string Path { get; } = path;

    public int StatusCode { get; } = statusCode;
}
