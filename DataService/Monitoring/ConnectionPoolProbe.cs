using System.Diagnostics;
using DataAccess.Postgres.Diagnostics;
using Npgsql;

namespace DataService.Monitoring;

// Samples the PostgreSQL pool: how much of it is in use, and how long it takes to get a
// connection out of it right now.
internal sealed class ConnectionPoolProbe(NpgsqlDataSource dataSource, PoolStatusMonitor pool)
{
    private readonly int _maxPoolSize = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;

    // Busy connections as a share of Max Pool Size: 1 means the next request has to wait.
    public double Utilization()
    {
        var status = pool.Snapshot();
        return _maxPoolSize == 0 ? 0 : (double)(status.Total - status.Idle) / _maxPoolSize;
    }

    // Npgsql reports how many requests wait for a connection but not for how long, so the
    // probe checks a connection out itself and returns it at once. A checkout that timed out
    // because the pool stayed exhausted waited the whole timeout, and counts as such; null
    // when the database could not be reached, which says nothing about the pool.
    public async Task<double?> WaitMillisecondsAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (NpgsqlException exception) when (exception.InnerException is TimeoutException)
        {
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
