using DataAccess.Postgres.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using MigrationService.Backfill;
using Npgsql;
using StackExchange.Redis;
using TestSupport;

namespace MigrationService.Tests.Backfill;

// A throwaway PostgreSQL database with the schema applied, a backfill pointed at it, and the
// PostgreSQL backend of the data-access layer on it for reading back through our APIs.
internal sealed class BackfillDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;
    private IHost? _stores;

    private BackfillDatabase(PostgresTestDatabase database, NpgsqlDataSource dataSource)
    {
        _database = database;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public string ConnectionString => Pooled(_database.ConnectionString);

    public static async Task<BackfillDatabase> CreateAsync(string prefix)
    {
        var database = await PostgresTestDatabase.CreateAsync(prefix);
        var dataSource = NpgsqlDataSource.Create(Pooled(database.ConnectionString));
        await new SchemaMigrator(dataSource, new EmbeddedMigrationSource(), NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        return new BackfillDatabase(database, dataSource);
    }

    // A migration that succeeds is one --verify finds equal (README, step 4): every successful
    // backfill in the tests is followed by --verify, which must find no difference.
    public async Task<BackfillReport> RunAsync(IDatabase redis, BackfillOptions options, CancellationToken cancellationToken = default)
    {
        var report = await LegacyBackfill.RunAsync(redis, DataSource, options, NullLoggerFactory.Instance, cancellationToken);
        if (options.Mode == BackfillMode.Migrate && !report.HasDifferences)
        {
            var verified = await LegacyBackfill.RunAsync(redis, DataSource, options with { Mode = BackfillMode.Verify, Progress = null }, NullLoggerFactory.Instance, cancellationToken);
            if (verified.HasDifferences)
            {
                throw new InvalidOperationException($"The backfill succeeded but --verify differs:\n{verified.Describe()}");
            }
        }

        return report;
    }

    // The data-access services a service would use on this database (postgres backend).
    public IServiceProvider Stores(string encryptionKey, int offsetHours)
    {
        _stores ??= StoresHost.Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:postgres"] = ConnectionString,
                ["Database:Type"] = "postgres",
                ["Security:EncryptionKey"] = encryptionKey,
                ["DataAccess:TimeZoneOffsetHours"] = offsetHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return _stores.Services;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    // Test classes run in parallel against one PostgreSQL server shared with other suites: each
    // database's pools stay small so together they cannot exhaust its connections.
    private static string Pooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 8 }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        try
        {
            _stores?.Dispose();
            await DataSource.DisposeAsync();
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }
}
