namespace DataAccess;

// Which backend serves the data-access interfaces, from Database:Type or DATABASE_TYPE.
public enum DatabaseType
{
    // PostgreSQL with the Redis cache under per-data-type strategies (the default).
    Hybrid,

    // PostgreSQL only, no cache.
    Postgres,

    // The legacy claude-relay-service Redis layout only, shared with a running relay.
    Redis,

    // Writes to the legacy layout and PostgreSQL; reads from the side Database:DualReadFrom
    // names.
    Dual,

    // Calls to the DataService, which runs one of the others.
    Remote,
}

public static class DatabaseTypeParser
{
    public static DatabaseType Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "hybrid" => DatabaseType.Hybrid,
        "postgres" or "postgresql" => DatabaseType.Postgres,
        "redis" => DatabaseType.Redis,
        "dual" => DatabaseType.Dual,
        "remote" => DatabaseType.Remote,
        _ => throw new InvalidOperationException(
            $"Unknown database type '{value}' in Database:Type / DATABASE_TYPE; expected hybrid, postgres, redis, dual or remote."),
    };
}
