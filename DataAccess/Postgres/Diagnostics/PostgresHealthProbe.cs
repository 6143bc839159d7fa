using System.Diagnostics;
using DataAccess.Storage;
using Npgsql;

namespace DataAccess.Postgres.Diagnostics;

// PostgreSQL as the storage health report shows it: a trivial round trip and the pool.
public sealed class PostgresHealthProbe(NpgsqlDataSource dataSource, PoolStatusMonitor pool)
{
    public async Task<PostgresHealth> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return new PostgresHealth(true, Stopwatch.GetElapsedTime(started).TotalMilliseconds, pool.Snapshot());
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return new PostgresHealth(false, 0, pool.Snapshot(), exception.Message);
        }
    }
}
