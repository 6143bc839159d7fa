using System.Diagnostics;
using DataAccess.Postgres.Diagnostics;
using DataAccess.Redis;
using Npgsql;
using StackExchange.Redis;

namespace DataAccess.Storage;

// Measures both stores: a trivial round trip each, the PostgreSQL pool, Redis memory. A
// backend without one of them reports it as not connected, saying why.
public sealed class StorageHealthProbe(NpgsqlDataSource? dataSource, PoolStatusMonitor? pool, IConnectionMultiplexer? redis = null)
{
    // PostgresDataSourcePolicy names the data source after its connection, and Npgsql names its pool
    // metrics after the data source.

    public async Task<StorageHealth> ProbeAsync(CancellationToken cancellationToken)
    {
        var postgres = ProbePostgresAsync(cancellationToken);
        var cache = ProbeRedisAsync(cancellationToken);
        return new StorageHealth(await postgres, await cache);
    }

    private async Task<PostgresHealth> ProbePostgresAsync(CancellationToken cancellationToken)
    {
        if (dataSource is null || pool is null)
        {
            return new PostgresHealth(false, 0, new PoolStatus(0, 0, 0), "PostgreSQL is not used by this backend.");
        }

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

    private async Task<RedisHealth> ProbeRedisAsync(CancellationToken cancellationToken)
    {
        if (redis is null)
        {
            return new RedisHealth(false, 0, new RedisMemory(0, 0), "Redis is not configured for this backend.");
        }

        try
        {
            var database = redis.GetDatabase();
            var latency = await database.PingAsync();
            var memory = await database.InfoAsync("memory");
            return new RedisHealth(true, latency.TotalMilliseconds, new RedisMemory(
                long.Parse(memory.GetValueOrDefault("used_memory", "0"), System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(memory.GetValueOrDefault("maxmemory", "0"), System.Globalization.CultureInfo.InvariantCulture)));
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            return new RedisHealth(false, 0, new RedisMemory(0, 0), exception.Message);
        }
    }
}
