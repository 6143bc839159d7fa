using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataAccess.Security;

public static class SecurityServiceCollectionExtensions
{
    // Registers SecuritySettings (read from configuration when first resolved) and the hashing
    // and encryption services as singletons, so derived keys are computed once per process.
    public static IServiceCollection AddDataAccessSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(_ => SecuritySettings.FromConfiguration(configuration));
        services.TryAddSingleton<ApiKeyHasher>();
        services.TryAddSingleton<ApiKeyGenerator>();
        services.TryAddSingleton<LegacySecretCipher>();
        services.TryAddSingleton<BedrockCredentialCipher>();
        services.TryAddSingleton<AccountSecretProtector>();
        return services;
    }
}
