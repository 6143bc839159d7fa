using Microsoft.Extensions.DependencyInjection;

namespace DataAccess.Dual;

internal static class DualServiceCollectionExtensions
{
    // The dual stores over the legacy and PostgreSQL stores, which must be registered too.
    public static void AddDualStores(this IServiceCollection services, DualReadSide readSide)
    {
        services.AddSingleton<DualWrites>();
        services.AddSingleton<PostgresMirror>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DualAccounts>(provider, readSide));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DualUsageStore>(provider, readSide));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DualApiKeyStore>(provider, readSide));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DualSessionStore>(provider, readSide));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DualStorageStrategy>(provider, readSide));
        services.AddSingleton<DualClaudeAccountStore>();
        services.AddSingleton<DualOpenAiAccountStore>();
    }
}
