using ServiceDefaults.Http.ServiceDiscovery;

namespace Microsoft.Extensions.DependencyInjection;

// Named as in Microsoft.Extensions.ServiceDiscovery, so service code reads the same.
public static class ServiceDiscoveryHttpClientBuilderExtensions
{
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.AddHttpMessageHandler(services => new ServiceDiscoveryHandler(services.GetRequiredService<ServiceEndpointResolver>()));
        return builder;
    }
}
