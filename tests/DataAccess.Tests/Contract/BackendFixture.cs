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
using Npgsql;
using ServiceDefaults.Redis;
using TestSupport;

namespace DataAccess.Tests.Contract;

// One backend, started the way a service starts it (AddDataAccess on a host), on a database
// of its own with the schema applied. The contract tests run unchanged against each backend.
public abstract class BackendFixture : IAsyncLifetime
{
    public const string EncryptionKey = "contract-test-encryption-key";

    private PostgresTestDatabase? _database;

    public IHost Host { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string DatabaseConnectionString => _database!.ConnectionString;

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
        }

        await OAuth.StartAsync();
        Host = BuildHost();
        if (_database is not null)
        {
            var migrator = new SchemaMigrator(
                Services.GetRequiredService<NpgsqlDataSource>(), new EmbeddedMigrationSource(), Services.GetRequiredService<ILogger<SchemaMigrator>>());
            await migrator.MigrateAsync();
        }

        await Host.StartAsync();
    }

    // Another process of the same service: same database, same Redis, its own host. Settings
    // can be overridden (another usage stream, another Redis, a dead database), and services
    // replaced after the backend's own.
    public IHost BuildHost(IReadOnlyDictionary<string, string?>? overrides = null, TimeProvider? clock = null, Action<IServiceCollection>? replace = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var settings = new Dictionary<string, string?>
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
        foreach (var (key, value) in Settings.Concat(overrides ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock ?? Clock);
        builder.AddDataAccess();
        replace?.Invoke(builder.Services);
        return builder.Build();
    }

    public virtual async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await OAuth.DisposeAsync();
        await using var redis = await RedisClient.ConnectAsync(TestServers.Redis);
        await redis.DeleteAsync([UsageStreamKey, UsageStreamKey + ":dead"]);
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    // Waits until every usage record recorded so far is in PostgreSQL.
    public abstract Task FlushUsageAsync();

    // How many sessions the backend holds, counted where it keeps them.
    public virtual Task<long> StoredSessionCountAsync() => QueryScalarAsync<long>("SELECT count(*) FROM sessions");

    public async Task<T> QueryScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
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

    public RedisClient Redis => Services.GetRequiredService<RedisClient>();

    public override async Task FlushUsageAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Redis.StreamLengthAsync(UsageStreamKey) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The usage stream was not drained within 30 s.");
            }

            await Task.Delay(20);
        }
    }
}
