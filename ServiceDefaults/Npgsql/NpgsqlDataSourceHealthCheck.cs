using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ServiceDefaults.Npgsql;

// Healthy when a connection from the data source can run a trivial query, which proves the
// server is reachable, accepts the credentials and serves the database.
internal sealed class NpgsqlDataSourceHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A cancelled check is left to HealthCheckService, which reports the timeout itself.
            return new HealthCheckResult(context.Registration.FailureStatus, exception: exception);
        }
    }
}
