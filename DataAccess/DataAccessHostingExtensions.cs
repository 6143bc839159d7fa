using DataAccess;
using DataAccess.Accounts;
using DataAccess.Accounts.OAuth;
using DataAccess.Announcements;
using DataAccess.ApiKeys;
using DataAccess.Diagnostics;
using DataAccess.Dual;
using DataAccess.Hybrid;
using DataAccess.LegacyRedis;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Stores;
using DataAccess.Postgres;
using DataAccess.Postgres.Diagnostics;
using DataAccess.Postgres.Transactions;
using DataAccess.Postgres.Usage;
using DataAccess.Redis;
using DataAccess.Remote;
using DataAccess.Resilience;
using DataAccess.Security;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Time;
using DataAccess.Transactions;
using DataAccess.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Metrics;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

// Registers the unified data-access interfaces (IApiKeyStore, IClaudeAccountStore,
// IOpenAiAccountStore, IUsageStore, ISessionStore, IStorageStrategy, ITransactionManager)
// on the backend that Database:Type / DATABASE_TYPE names: hybrid (default), postgres,
// redis (the legacy claude-relay-service layout, no PostgreSQL), dual (both; reads from
// Database:DualReadFrom, redis by default) or remote (calls to the DataService).
// PostgreSQL and Redis are the host's: the PostgreSQL stores take the NpgsqlDataSource it
// registers (Aspire's AddNpgsqlDataSource("postgres") configured by PostgresDataSourcePolicy),
// the hybrid backend the IConnectionMultiplexer it registers (Aspire's AddRedisClient("redis")),
// the legacy layout the one keyed "legacy-redis" (AddKeyedRedisClient) or, when there is none,
// that same one. The remote backend
// reaches the DataService at DataService:Client:BaseAddress (by default
// https+http://dataservice, resolved by service discovery) with DataService:Client:Token.
public static class DataAccessHostingExtensions
{
    public const string PostgresConnectionName = "postgres";
    public const string RedisConnectionName = "redis";
    public const string LegacyRedisConnectionName = "legacy-redis";
    private const string Section = "DataAccess";

    public static IHostApplicationBuilder AddDataAccess(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var databaseType = DatabaseTypeParser.Parse(configuration["Database:Type"] ?? configuration["DATABASE_TYPE"]);
        var services = builder.Services;

        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(DataAccessTelemetry.MeterName));
        services.AddDataAccessSecurity(configuration);
        if (databaseType == DatabaseType.Remote)
        {
            // The DataService owns PostgreSQL and Redis; this process only calls it.
            services.AddRemoteDataAccess(configuration);
            return builder;
        }

        var retry = configuration.GetSection($"{Section}:Retry");
        services.Configure<RetryOptions>(retry);

        // The binder adds a configured list to the default codes; configured codes are
        // meant to replace them, or no default could ever be turned off.
        services.PostConfigure<RetryOptions>(options =>
        {
            if (retry.GetSection(nameof(RetryOptions.RetryableCodes)).Get<List<string>>() is { } codes)
            {
                options.RetryableCodes = codes;
            }
        });
        services.Configure<TransactionSettings>(configuration.GetSection($"{Section}:Transactions"));
        services.Configure<OAuthOptions>(configuration.GetSection($"{Section}:ClaudeOAuth"));
        services.Configure<UsageStreamOptions>(configuration.GetSection($"{Section}:UsageStream"));
        services.AddSingleton(new TimeBuckets(TimeZoneOffset(configuration)));
        services.AddHttpClient<OAuthTokenClient>(OAuthTokenClient.HttpClientName);
        services.AddSingleton<AccessTokenRenewal>();
        services.AddSingleton<DataAccessRetryPolicy>();
        services.AddSingleton<OperationRunner>();

        switch (databaseType)
        {
            case DatabaseType.Postgres:
                builder.AddPostgresStores();
                services.AddSingleton<IUsageStore>(provider => provider.GetRequiredService<PostgresUsageStore>());
                services.AddSingleton<IApiKeyStore>(provider => Announced(provider, provider.GetRequiredService<PostgresApiKeyStore>(), PostgresHashesOf(provider)));
                services.AddSingleton<IClaudeAccountStore>(provider => Announced(provider, provider.GetRequiredService<PostgresClaudeAccountStore>()));
                services.AddSingleton<IOpenAiAccountStore>(provider => provider.GetRequiredService<PostgresOpenAiAccountStore>());
                services.AddSingleton<ISessionStore>(provider => provider.GetRequiredService<PostgresSessionStore>());
                services.AddSingleton<ITransactionManager>(provider => provider.GetRequiredService<PostgresTransactionManager>());
                services.AddSingleton<ITransactionJoiner>(provider => provider.GetRequiredService<PostgresTransactionManager>());
                services.AddSingleton<IStorageStrategy, PostgresStorageStrategy>();
                break;
            case DatabaseType.Redis:
                builder.AddLegacyRedisStores();
                services.AddSingleton(provider => new RedisHealthProbe(LegacyRedis(provider)));
                services.AddSingleton<IUsageStore>(provider => provider.GetRequiredService<LegacyRedisUsageStore>());
                services.AddSingleton<IApiKeyStore>(provider => Announced(provider, provider.GetRequiredService<LegacyRedisApiKeyStore>(), LegacyHashesOf(provider)));
                services.AddSingleton<IClaudeAccountStore>(provider => Announced(provider, provider.GetRequiredService<LegacyRedisClaudeAccountStore>()));
                services.AddSingleton<IOpenAiAccountStore>(provider => provider.GetRequiredService<LegacyRedisOpenAiAccountStore>());
                services.AddSingleton<ISessionStore>(provider => provider.GetRequiredService<LegacyRedisSessionStore>());
                services.AddSingleton(new UnsupportedTransactionManager(
                    "the redis backend keeps the legacy claude-relay-service layout, which has no tables and no transactions; run with DATABASE_TYPE=postgres or hybrid for batch operations and transactions."));
                services.AddSingleton<ITransactionManager>(provider => provider.GetRequiredService<UnsupportedTransactionManager>());
                services.AddSingleton<ITransactionJoiner>(provider => provider.GetRequiredService<UnsupportedTransactionManager>());
                services.AddSingleton<IStorageStrategy, LegacyRedisStorageStrategy>();
                break;
            case DatabaseType.Dual:
                builder.AddPostgresStores();
                builder.AddLegacyRedisStores();
                services.AddDualStores(DualReadSideParser.Parse(configuration["Database:DualReadFrom"]));
                services.AddSingleton(provider => new RedisHealthProbe(LegacyRedis(provider)));
                services.AddSingleton<IUsageStore>(provider => provider.GetRequiredService<DualUsageStore>());
                services.AddSingleton<IApiKeyStore>(provider => Announced(provider, provider.GetRequiredService<DualApiKeyStore>(), LegacyHashesOf(provider), PostgresHashesOf(provider)));
                services.AddSingleton<IClaudeAccountStore>(provider => Announced(provider, provider.GetRequiredService<DualClaudeAccountStore>()));
                services.AddSingleton<IOpenAiAccountStore>(provider => provider.GetRequiredService<DualOpenAiAccountStore>());
                services.AddSingleton<ISessionStore>(provider => provider.GetRequiredService<DualSessionStore>());
                services.AddSingleton(new UnsupportedTransactionManager(
                    "dual mode writes every change to the legacy Redis layout and to PostgreSQL; batch operations and transactions would change PostgreSQL rows only, so they are refused."));
                services.AddSingleton<ITransactionManager>(provider => provider.GetRequiredService<UnsupportedTransactionManager>());
                services.AddSingleton<ITransactionJoiner>(provider => provider.GetRequiredService<UnsupportedTransactionManager>());
                services.AddSingleton<IStorageStrategy>(provider => provider.GetRequiredService<DualStorageStrategy>());
                break;
            default:
                builder.AddPostgresStores();
                services.AddSingleton(provider => new RedisHealthProbe(provider.GetRequiredService<IConnectionMultiplexer>()));
                services.AddSingleton<StorageStrategyRegistry>();
                services.AddHostedService<StorageStrategyLoader>();
                services.AddSingleton<HybridCache>();
                services.AddSingleton<CacheInvalidator>();
                services.AddSingleton<UsageStream>();
                services.AddSingleton<UsageStreamConsumer>();
                services.AddHostedService(provider => provider.GetRequiredService<UsageStreamConsumer>());
                services.AddHealthChecks().AddCheck<UsageStreamHealthCheck>(UsageStreamHealthCheck.Name);
                services.AddSingleton<HybridUsageStore>();
                services.AddSingleton<IUsageStore>(provider => provider.GetRequiredService<HybridUsageStore>());
                services.AddSingleton<HybridApiKeyStore>();
                services.AddSingleton<HybridClaudeAccountStore>();
                services.AddSingleton<IApiKeyStore>(provider => Announced(provider, provider.GetRequiredService<HybridApiKeyStore>(), PostgresHashesOf(provider)));
                services.AddSingleton<IClaudeAccountStore>(provider => Announced(provider, provider.GetRequiredService<HybridClaudeAccountStore>()));
                services.AddSingleton<IOpenAiAccountStore, HybridOpenAiAccountStore>();
                services.AddSingleton<ISessionStore, HybridSessionStore>();
                services.AddSingleton<HybridTransactionManager>();
                services.AddSingleton<ITransactionManager>(provider => provider.GetRequiredService<HybridTransactionManager>());
                services.AddSingleton<ITransactionJoiner>(provider => provider.GetRequiredService<HybridTransactionManager>());
                services.AddSingleton<IStorageStrategy, HybridStorageStrategy>();
                break;
        }

        return builder;
    }

    // Changes announced on the invalidation channel of the host's Redis ("redis"), which the
    // gateways listen on, or, when there is none, of the relay's ("legacy-redis"): a DataService
    // given only that one shares it with the gateways beside the relay.
    private static IApiKeyStore Announced(IServiceProvider provider, IApiKeyStore store, params Func<Guid, CancellationToken, Task<IReadOnlyList<string>>>[] hashLookups) =>
        Announcer(provider) is { } announcer
            ? ActivatorUtilities.CreateInstance<AnnouncedApiKeyStore>(provider, store, (IReadOnlyList<Func<Guid, CancellationToken, Task<IReadOnlyList<string>>>>)hashLookups, announcer)
            : store;

    private static IClaudeAccountStore Announced(IServiceProvider provider, IClaudeAccountStore store) =>
        Announcer(provider) is { } announcer ? new AnnouncedClaudeAccountStore(store, announcer) : store;

    private static CacheInvalidator? Announcer(IServiceProvider provider) =>
        (provider.GetService<IConnectionMultiplexer>() ?? provider.GetKeyedService<IConnectionMultiplexer>(LegacyRedisConnectionName)) is { } redis
            ? ActivatorUtilities.CreateInstance<CacheInvalidator>(provider, redis)
            : null;

    private static Func<Guid, CancellationToken, Task<IReadOnlyList<string>>> PostgresHashesOf(IServiceProvider provider) =>
        provider.GetRequiredService<PostgresApiKeyStore>().HashesOfAsync;

    private static Func<Guid, CancellationToken, Task<IReadOnlyList<string>>> LegacyHashesOf(IServiceProvider provider)
    {
        var adapter = provider.GetRequiredService<LegacyRedisAdapter>();
        return (keyId, cancellationToken) => adapter.ApiKeyHashesAsync(keyId.ToString(), cancellationToken);
    }

    private static IConnectionMultiplexer LegacyRedis(IServiceProvider provider) =>
        provider.GetRequiredKeyedService<IConnectionMultiplexer>(LegacyRedisConnectionName);

    // The stores over the host's NpgsqlDataSource (Aspire's AddNpgsqlDataSource("postgres")
    // with PostgresDataSourcePolicy).
    private static void AddPostgresStores(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddPooledDbContextFactory<RelayDbContext>((provider, options) => options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));

        // The pooled factory, wrapped so that operations joining a transaction get a context on it.
        var pooled = services.Single(service => service.ServiceType == typeof(IDbContextFactory<RelayDbContext>));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<RelayDbContext>>(provider =>
            new TransactionJoiningContextFactory((IDbContextFactory<RelayDbContext>)(pooled.ImplementationInstance
                ?? pooled.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, pooled.ImplementationType!)))));
        services.AddSingleton<PoolStatusMonitor>();
        services.AddSingleton<PostgresHealthProbe>();
        services.AddSingleton<UsageWriter>();
        services.AddSingleton<PostgresUsageStore>();
        services.AddSingleton<PostgresApiKeyStore>();
        services.AddSingleton<PostgresAccounts>();
        services.AddSingleton<PostgresClaudeAccountStore>();
        services.AddSingleton<PostgresOpenAiAccountStore>();
        services.AddSingleton<PostgresSessionStore>();
        services.AddSingleton<OpenTransactions>();
        services.AddSingleton<PostgresTransactionManager>();
    }

    // DataAccess:TimeZoneOffsetHours if set (0 means UTC there); otherwise the legacy
    // TIMEZONE_OFFSET with its rule that a missing or zero value means +8.
    private static int TimeZoneOffset(IConfiguration configuration) =>
        configuration.GetValue<int?>($"{Section}:TimeZoneOffsetHours") ?? TimeBuckets.ParseLegacyOffset(configuration["TIMEZONE_OFFSET"]);
}
