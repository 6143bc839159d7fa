namespace DataAccess.Storage;

public sealed record StorageHealth(PostgresHealth Postgres, RedisHealth Redis);

// Latency in milliseconds of a trivial round trip.
public sealed record PostgresHealth(bool Connected, double Latency, PoolStatus PoolStatus, string? Error = null);

// Total and idle connections of the pool, and callers waiting for one.
public sealed record PoolStatus(int Total, int Idle, int Waiting);

public sealed record RedisHealth(bool Connected, double Latency, RedisMemory Memory, string? Error = null);

// Bytes; Max is 0 when Redis has no memory limit.
public sealed record RedisMemory(long Used, long Max);
