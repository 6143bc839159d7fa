using DataAccess.Redis;

namespace DataService.Hosting;

internal static class RedisClientRegistration
{
    // The Redis connections the data layer takes, through Aspire's StackExchange.Redis
    // integration (health check, traces, settings from Aspire:StackExchange:Redis): "redis"
    // (the hybrid cache, and the legacy layout unless another is named) and "legacy-redis"
    // (the claude-relay-service Redis), each only when its connection string is set.
    public static IHostApplicationBuilder AddRedisClients(this IHostApplicationBuilder builder)
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
