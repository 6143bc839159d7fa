using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Adapter.Writing;
using DataAccess.LegacyRedis.Mapping;
using DataAccess.LegacyRedis.Stores;
using DataAccess.LegacyRedis.Stores.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis;

internal static class LegacyRedisServiceCollectionExtensions
{
    // The adapter and the unified stores on the legacy layout, on the Redis the relay uses:
    // the multiplexer the host registered under the key "legacy-redis", otherwise its
    // only one.
    public static void AddLegacyRedisStores(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.TryAddKeyedSingleton<IConnectionMultiplexer>(
            DataAccessHostingExtensions.LegacyRedisConnectionName, (provider, _) => provider.GetRequiredService<IConnectionMultiplexer>());
        services.AddSingleton(LegacyRedisOptions.FromConfiguration(configuration));
        services.AddSingleton<LegacyHashReader>();
        services.AddSingleton<LegacyUsagePlanner>();
        services.AddSingleton<LegacyRedisAdapter>();
        services.AddSingleton<ILegacyRedisAdapter>(provider => provider.GetRequiredService<LegacyRedisAdapter>());
        services.AddSingleton<LegacyAccountFields>();
        services.AddSingleton<UsageCellFinder>();
        services.AddSingleton<UsageCellReader>();
        services.AddSingleton<LegacyRedisUsageStore>();
        services.AddSingleton<LegacyRedisApiKeyStore>();
        services.AddSingleton<LegacyRedisAccounts>();
        services.AddSingleton<LegacyRedisClaudeAccountStore>();
        services.AddSingleton<LegacyRedisOpenAiAccountStore>();
        services.AddSingleton<RelaySessions>();
        services.AddSingleton<LegacyRedisSessionStore>();
    }
}
