using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting.Testing;

/// <summary>Reaching the resources of a started app from a test.</summary>
public static class DistributedApplicationHostingTestingExtensions
{
    /// <summary>An HttpClient whose BaseAddress is the resource's endpoint (<c>http</c> unless named).</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = app.GetEndpoint(resourceName, endpointName);
        return client;
    }

    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        if (Find(app, resourceName) is not IResourceWithEndpoints resource)
        {
            throw new ArgumentException($"'{resourceName}' has no endpoints.", nameof(resourceName));
        }

        var endpoint = resource.GetEndpoint(endpointName ?? resource.GetEndpoints().First().Name);
        return endpoint.IsAllocated
            ? new Uri(endpoint.Url)
            : throw new InvalidOperationException($"'{resourceName}' has no address yet: start the app first.");
    }

    public static ValueTask<string?> GetConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default) =>
        Find(app, resourceName) is IResourceWithConnectionString resource
            ? resource.GetConnectionStringAsync(cancellationToken)
            : throw new ArgumentException($"'{resourceName}' has no connection string.", nameof(resourceName));

    private static IResource Find(DistributedApplication app, string resourceName) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Find(resourceName);
}
