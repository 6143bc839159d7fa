using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDefaults.Http.ServiceDiscovery;

namespace Microsoft.Extensions.DependencyInjection;

// Named as in Microsoft.Extensions.ServiceDiscovery, so service code reads the same.
public static class ServiceDiscoveryServiceCollectionExtensions
{
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceEndpointResolver>();
        return services;
    }
}
