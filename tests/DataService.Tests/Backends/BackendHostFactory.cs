using System.Net.Http.Headers;
using DataAccess.Postgres.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using TestSupport;

namespace DataService.Tests.Backends;

// The DataService as an operator runs it with one DATABASE_TYPE: only the settings that mode
// needs (README, "Moving from claude-relay-service to PostgreSQL"), a Redis server of its own
// standing for the relay's, and, where the mode has PostgreSQL, a throwaway database with the
// schema applied.
public sealed class BackendHostFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "backend-admin-token-0123456789";

    private readonly Dictionary<string, string?> _settings;

    private BackendHostFactory(Dictionary<string, string?> settings) => _settings = settings;

    public static async Task<(BackendHostFactory Host, IAsyncDisposable Servers)> StartAsync(
        string mode, string? readFrom, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var redis = await RedisServerProcess.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["DATABASE_TYPE"] = mode,
            ["ENCRYPTION_KEY"] = "backend-test-encryption-key",
            ["TIMEZONE_OFFSET"] = "8",
            ["DataService:Auth:AdminTokens:0"] = AdminToken,
        };
        PostgresTestDatabase? database = null;
        if (mode != "redis")
        {
            database = await PostgresTestDatabase.CreateAsync("backend");
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            using var loggers = LoggerFactory.Create(_ => { });
            await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), loggers.CreateLogger<SchemaMigrator>()).MigrateAsync();
            settings["ConnectionStrings:postgres"] = database.ConnectionString;
        }

        settings[mode == "hybrid" ? "ConnectionStrings:redis" : "ConnectionStrings:legacy-redis"] = mode == "postgres" ? null : redis.Endpoint;
        if (readFrom is not null)
        {
            settings["Database:DualReadFrom"] = readFrom;
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = new BackendHostFactory(settings);
        return (host, new Servers(host, redis, database));
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings.Where(setting => setting.Value is not null))
        {
            builder.UseSetting(key, value);
        }
    }

    private sealed class Servers(BackendHostFactory host, RedisServerProcess redis, PostgresTestDatabase? database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await redis.DisposeAsync();
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }
    }
}
