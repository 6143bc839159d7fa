using System.Net.Http.Headers;
using DataAccess.Postgres.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using TestSupport;

namespace DataService.Tests.Support;

// The DataService in-process on a throwaway database (schema applied) and the shared test
// Redis, with one admin and one service token.
public class DataServiceFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminToken = "admin-test-token-0123456789";
    public const string ServiceToken = "service-test-token-0123456789";

    private PostgresTestDatabase? _database;

    public string UsageStreamKey { get; } = $"test:{Guid.NewGuid():N}:usage";

    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("dataservice");
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        using var loggers = LoggerFactory.Create(_ => { });
        await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), loggers.CreateLogger<SchemaMigrator>()).MigrateAsync();
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        await redis.GetDatabase().KeyDeleteAsync([UsageStreamKey, UsageStreamKey + ":dead"]);
        await _database!.DisposeAsync();
    }

    public HttpClient CreateClient(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient Admin() => CreateClient(AdminToken);

    public HttpClient Gateway() => CreateClient(ServiceToken);

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = _database!.ConnectionString,
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["Security:EncryptionKey"] = "dataservice-test-encryption-key",
            ["DataService:Auth:AdminTokens:0"] = AdminToken,
            ["DataService:Auth:ServiceTokens:0"] = ServiceToken,
            ["DataAccess:UsageStream:StreamKey"] = UsageStreamKey,
            ["DataAccess:UsageStream:DeadLetterKey"] = UsageStreamKey + ":dead",
            ["DataAccess:UsageStream:PollInterval"] = "00:00:00.020",
            ["DataAccess:Retry:MaxRetries"] = "0",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        // A null leaves the setting out (UseSetting would set it to an empty string).
        foreach (var (key, value) in settings.Where(setting => setting.Value is not null))
        {
            builder.UseSetting(key, value);
        }
    }
}
