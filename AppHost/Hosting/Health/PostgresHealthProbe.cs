using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AppHost.Hosting.Health;

/// <summary>Opens a connection and runs <c>SELECT 1</c>.</summary>
internal sealed class PostgresHealthProbe(Func<string> connectionString) : IHealthProbe
{
    // SQLSTATE invalid_password.
    private const string InvalidPassword = "28P01";

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        // No pooling: a probe must not leave idle connections behind in the server.
        var settings = new NpgsqlConnectionStringBuilder(connectionString()) { Pooling = false, Timeout = 5 };
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (PostgresException exception) when (exception.SqlState == InvalidPassword)
        {
            return HealthCheckResult.Unhealthy(
                "The server rejected the password. Its data volume was created with another password: " +
                "configure the one it was created with, or delete the volume to start afresh.");
        }
        catch (NpgsqlException exception)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
