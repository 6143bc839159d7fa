using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Gateway;

// Where the gateway's data lives: keys, accounts and usage behind the DataService (the
// remote data-access backend), and its own fast state (leases, windows, sticky mappings,
// the usage queue) in Redis, reached directly with StackExchange.Redis.
public static class GatewayStorage
{
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddGatewayStorage(this IHostApplicationBuilder builder)
    {
        // The backend the rest of the app runs on decides who writes the legacy cost keys
        // (section 5.3 of the legacy layout): read it before the gateway switches its own
        // data access to the DataService.
        builder.Services.AddSingleton(new LegacyLayoutMode(SharesLegacyLayout(builder.Configuration)));
        builder.Configuration.AddInMemoryCollection([new("Database:Type", "remote")]);
        builder.AddDataAccess();
        // Redis's answers are read on the thread pool rather than on the client's own few
        // threads, which otherwise spin and contend with the requests for two cores. The
        // client's tracing is off: the gateway traces its Redis scripts itself
        // (GatewayActivities), at no cost for requests that are not sampled.
        builder.AddRedisClient(
            RedisConnectionName,
            settings => settings.DisableTracing = true,
            options => options.SocketManager = SocketManager.ThreadPool);
        return builder;
    }

    private static bool SharesLegacyLayout(IConfiguration configuration) =>
        (configuration["Database:Type"] ?? configuration["DATABASE_TYPE"])?.Trim().ToLowerInvariant() is "redis" or "dual";
}

// True when the DataService keeps the legacy claude-relay-service layout in Redis (redis or
// dual backends): it then writes the per-key cost keys itself when usage is ingested, and
// the gateway must not add the same cost a second time.
public sealed record LegacyLayoutMode(bool DataServiceWritesCost);
