using DataAccess;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Postgres.Schema;
using DataAccess.Sessions;
using DataAccess.Storage;
using DataAccess.Transactions;
using DataAccess.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.Contract;

// One backend, started the way a service starts it (AddDataAccess on a host), on a database
// of its own with the schema applied. The contract tests run unchanged against each backend.
public abstract class BackendFixture : IAsyncLifetime
{
    public const string EncryptionKey = "contract-test-encryption-key";

    private PostgresTestDatabase? _database;
    private NpgsqlDataSource? _dataSource;

    public IHost Host { get; private set; } = null!;

    // What the contract tests resolve the stores and any other service from.
    public virtual IServiceProvider Services => Host.Services;

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string PostgresConnectionString => _database!.ConnectionString;

    public OAuthStub OAuth { get; } = new();

    public string UsageStreamKey { get; } = $"test:{Guid.NewGuid():N}:usage";

    public abstract string DatabaseType { get; }

    // What this backend does beyond the common contract; contract tests assert the
    // documented behaviour where a capability is missing.
    public virtual BackendCapabilities Capabilities => BackendCapabilities.All;

    // The Redis the backend talks to.
    protected virtual string RedisEndpoint => TestServers.Redis;

    // Settings of this backend beyond the common ones.
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public bool Has(BackendCapabilities capability) => Capabilities.HasFlag(capability);

    public IApiKeyStore ApiKeys => Services.GetRequiredService<IApiKeyStore>();

    public IClaudeAccountStore ClaudeAccounts => Services.GetRequiredService<IClaudeAccountStore>();

    public IOpenAiAccountStore OpenAiAccounts => Services.GetRequiredService<IOpenAiAccountStore>();

    public IUsageStore Usage => Services.GetRequiredService<IUsageStore>();

    public ISessionStore Sessions => Services.GetRequiredService<ISessionStore>();

    public IStorageStrategy Storage => Services.GetRequiredService<IStorageStrategy>();

    public ITransactionManager Transactions => Services.GetRequiredService<ITransactionManager>();

    public virtual async Task InitializeAsync()
    {
        if (Has(BackendCapabilities.PostgreSql))
        {
            _database = await PostgresTestDatabase.CreateAsync("contract");
            _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
            await new SchemaMigrator(_dataSource, new EmbeddedMigrationSource(), NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        }

        await OAuth.StartAsync();
        await StartBackendAsync();
        Host = BuildHost();
        await Host.StartAsync();
    }

    // Another process of the same service: same database, same Redis, its own host. Settings
    // can be overridden (another usage stream, another Redis, a dead database) and services
    // added or replaced.
    public IHost BuildHost(IReadOnlyDictionary<string, string?>? overrides = null, TimeProvider? clock = null, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var settings = HostSettings();
        foreach (var (key, value) in Settings.Concat(overrides ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock ?? Clock);
        builder.AddPostgresDataSourceAsTheServicesDo();
        builder.AddRedisClientsAsTheServicesDo();
        builder.AddDataAccess();
        ConfigureHost(builder);
        configure?.Invoke(builder);
        return builder.Build();
    }

    // The configuration a backend's host starts with.
    protected virtual Dictionary<string, string?> HostSettings() => new()
    {
        ["ConnectionStrings:postgres"] = _database?.ConnectionString,
        ["ConnectionStrings:redis"] = RedisEndpoint,
        ["Database:Type"] = DatabaseType,
        ["Security:EncryptionKey"] = EncryptionKey,
        ["DataAccess:TimeZoneOffsetHours"] = "8",
        ["DataAccess:Retry:BaseDelay"] = "00:00:00.010",
        ["DataAccess:Retry:MaxDelay"] = "00:00:00.050",
        ["DataAccess:ClaudeOAuth:TokenEndpoint"] = OAuth.TokenEndpoint.ToString(),
        ["DataAccess:UsageStream:StreamKey"] = UsageStreamKey,
        ["DataAccess:UsageStream:DeadLetterKey"] = UsageStreamKey + ":dead",
        ["DataAccess:UsageStream:PollInterval"] = "00:00:00.020",
        ["DataAccess:UsageStream:ReclaimAfter"] = "00:00:01",
        ["DataAccess:Transactions:MaxOpenTransactions"] = "5",
    };

    // Runs after the schema is applied and before the host is built: for what the backend
    // needs besides its host.
    protected virtual Task StartBackendAsync() => Task.CompletedTask;

    protected virtual Task StopBackendAsync() => Task.CompletedTask;

    // Runs on every host BuildHost builds, after AddDataAccess.
    protected virtual void ConfigureHost(HostApplicationBuilder builder)
    {
    }

    public virtual async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await StopBackendAsync();
        await OAuth.DisposeAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        await redis.GetDatabase().KeyDeleteAsync([UsageStreamKey, UsageStreamKey + ":dead"]);
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            await _database!.DisposeAsync();
        }
    }

    // Waits until every usage record recorded so far is in PostgreSQL.
    public abstract Task FlushUsageAsync();

    // Under write-behind, usage is in PostgreSQL once the hybrid backend's stream is empty.
    protected async Task DrainUsageStreamAsync(IDatabase redis)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await redis.StreamLengthAsync(UsageStreamKey) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The usage stream was not drained within 30 s.");
            }

            await Task.Delay(20);
        }
    }

    // How many sessions the backend holds, counted where it keeps them.
    public virtual Task<long> StoredSessionCountAsync() => QueryScalarAsync<long>("SELECT count(*) FROM sessions");

    // A web user of the legacy relay, where the backend looks users up (no API writes them:
    // they come with a migration).
    public virtual async Task AddWebUserAsync(string userId, bool isActive)
    {
        if (Has(BackendCapabilities.PostgreSql))
        {
            await QueryScalarAsync<int>("INSERT INTO users (id, username, is_active, data) VALUES ($1, $1, $2, '{}') RETURNING 1", userId, isActive);
        }
    }

    public async Task<T> QueryScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = _dataSource!.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class PostgresBackendFixture : BackendFixture
{
    public override string DatabaseType => "postgres";

    public override Task FlushUsageAsync() => Task.CompletedTask;
}

public sealed class HybridBackendFixture : BackendFixture
{
    public override string DatabaseType => "hybrid";

    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public override Task FlushUsageAsync() => DrainUsageStreamAsync(Redis);
}
