namespace DataAccess.Storage;

public sealed record StorageHealth(PostgresHealth Postgres, RedisHealth Redis)
{
    // Both stores probed at once; a backend without one of them passes its Absent health.
    public static async Task<StorageHealth> OfAsync(Task<PostgresHealth> postgres, Task<RedisHealth> redis) => new(await postgres, await redis);
}

// Latency in milliseconds of a trivial round trip.
public sealed record PostgresHealth(bool Connected, double Latency, PoolStatus PoolStatus, string? Error = null)
{
    public static Task<PostgresHealth> Absent { get; } =
        Task.FromResult(new PostgresHealth(false, 0, new PoolStatus(0, 0, 0), "PostgreSQL is not used by this backend."));
}

// Total and idle connections of the pool, and callers waiting for one.
public sealed record PoolStatus(int Total, int Idle, int Waiting);

public sealed record RedisHealth(bool Connected, double Latency, RedisMemory Memory, string? Error = null)
{
    public static Task<RedisHealth> Absent { get; } =
        Task.FromResult(new RedisHealth(false, 0, new RedisMemory(0, 0), "Redis is not configured for this backend."));
}

// Bytes; Max is 0 when Redis has no memory limit.
public sealed record RedisMemory(long Used, long Max);
