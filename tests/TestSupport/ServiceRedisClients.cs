using DataAccess.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TestSupport;

public static class ServiceRedisClients
{
    // What DataService's AddRedisClients registers, for hosts a test builds around
    // AddDataAccess: "redis" and the keyed "legacy-redis", each when its connection string is set.
    public static IHostApplicationBuilder AddRedisClientsAsTheServicesDo(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(DataAccessHostingExtensions.RedisConnectionName) is not null)
        {
            builder.AddRedisClient(DataAccessHostingExtensions.RedisConnectionName, configureOptions: RedisConnectionPolicy.ApplyForRequests);
        }

        if (builder.Configuration.GetConnectionString(DataAccessHostingExtensions.LegacyRedisConnectionName) is not null)
        {
            builder.AddKeyedRedisClient(DataAccessHostingExtensions.LegacyRedisConnectionName, configureOptions: RedisConnectionPolicy.ApplyForRequests);
        }

        return builder;
    }
}
