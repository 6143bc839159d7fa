using DataAccess;
using DataAccess.Accounts;
using DataAccess.Accounts.OAuth;
using DataAccess.ApiKeys;
using DataAccess.Diagnostics;
using DataAccess.Hybrid;
using DataAccess.Postgres;
using DataAccess.Postgres.Diagnostics;
using DataAccess.Postgres.Transactions;
using DataAccess.Postgres.Usage;
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

namespace Microsoft.Extensions.Hosting;

// Registers the unified data-access interfaces (IApiKeyStore, IClaudeAccountStore,
// IOpenAiAccountStore, IUsageStore, ISessionStore, IStorageStrategy, ITransactionManager)
// on the backend that Database:Type / DATABASE_TYPE names. PostgreSQL comes from
// ConnectionStrings:postgres, the cache from ConnectionStrings:redis; the remote backend
// reaches the DataService at DataService:Client:BaseAddress (by default
// https+http://dataservice, resolved by service discovery) with DataService:Client:Token.
public static class DataAccessHostingExtensions
{
    public const string PostgresConnectionName = "postgres";
    public const string RedisConnectionName = "redis";
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

        builder.AddNpgsqlDataSource(PostgresConnectionName, configureDataSourceBuilder: dataSource =>
        {
            dataSource.Name = PostgresConnectionName;

            // The same few statements run all the time (validation, usage upserts); prepared
            // once per connection they skip parsing and planning. An explicit setting wins.
            if (dataSource.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                dataSource.ConnectionStringBuilder.MaxAutoPrepare = 50;
            }
        });
        services.AddPooledDbContextFactory<RelayDbContext>((provider, options) => options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));

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

        services.AddSingleton<DataAccessRetryPolicy>();
        services.AddSingleton<OperationRunner>();
        services.AddSingleton<PoolStatusMonitor>();
        services.AddSingleton<UsageWriter>();
        services.AddSingleton<PostgresUsageStore>();
        services.AddSingleton<PostgresApiKeyStore>();
        services.AddSingleton<PostgresAccounts>();
        services.AddSingleton<PostgresClaudeAccountStore>();
        services.AddSingleton<PostgresOpenAiAccountStore>();
        services.AddSingleton<PostgresSessionStore>();
        services.AddSingleton<OpenTransactions>();
        services.AddSingleton<PostgresTransactionManager>();

        if (databaseType == DatabaseType.Postgres)
        {
            services.AddSingleton(provider => new StorageHealthProbe(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<PoolStatusMonitor>()));
            services.AddSingleton<IUsageStore>(provider => provider.GetRequiredService<PostgresUsageStore>());
            services.AddSingleton<IApiKeyStore>(provider => provider.GetRequiredService<PostgresApiKeyStore>());
            services.AddSingleton<IClaudeAccountStore>(provider => provider.GetRequiredService<PostgresClaudeAccountStore>());
            services.AddSingleton<IOpenAiAccountStore>(provider => provider.GetRequiredService<PostgresOpenAiAccountStore>());
            services.AddSingleton<ISessionStore>(provider => provider.GetRequiredService<PostgresSessionStore>());
            services.AddSingleton<ITransactionManager>(provider => provider.GetRequiredService<PostgresTransactionManager>());
            services.AddSingleton<IStorageStrategy, PostgresStorageStrategy>();
            return builder;
        }

        builder.AddRedisClient(RedisConnectionName);
        services.AddSingleton<StorageHealthProbe>();
        services.AddSingleton<StorageStrategyRegistry>();
        services.AddHostedService<StorageStrategyLoader>();
        services.AddSingleton<HybridCache>();
        services.AddSingleton<CacheInvalidator>();
        services.AddSingleton<UsageStream>();
        services.AddSingleton<UsageStreamConsumer>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageStreamConsumer>());
        services.AddSingleton<IUsageStore, HybridUsageStore>();
        services.AddSingleton<IApiKeyStore, HybridApiKeyStore>();
        services.AddSingleton<IClaudeAccountStore, HybridClaudeAccountStore>();
        services.AddSingleton<IOpenAiAccountStore, HybridOpenAiAccountStore>();
        services.AddSingleton<ISessionStore, HybridSessionStore>();
        services.AddSingleton<ITransactionManager, HybridTransactionManager>();
        services.AddSingleton<IStorageStrategy, HybridStorageStrategy>();
        return builder;
    }

    // DataAccess:TimeZoneOffsetHours if set (0 means UTC there); otherwise the legacy
    // TIMEZONE_OFFSET with its rule that a missing or zero value means +8.
    private static int TimeZoneOffset(IConfiguration configuration) =>
        configuration.GetValue<int?>($"{Section}:TimeZoneOffsetHours") ?? TimeBuckets.ParseLegacyOffset(configuration["TIMEZONE_OFFSET"]);
}
