using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppHost.Hosting.Postgres;

/// <summary>Creates a database resource's database in its server unless it exists, as Aspire does when the server is ready.</summary>
internal static class PostgresDatabaseCreator
{
    public static async Task EnsureCreatedAsync(PostgresDatabaseResource database, ILogger logger, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(database.Parent.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database.DatabaseName } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        // CREATE DATABASE takes no parameters; the name is quoted as an identifier instead.
        var quotedName = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quotedName}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        HostingLog.CreatedDatabase(logger, database.DatabaseName);
    }
}
