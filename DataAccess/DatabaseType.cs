namespace DataAccess;

// Which backend serves the data-access interfaces, from Database:Type or DATABASE_TYPE.
public enum DatabaseType
{
    // PostgreSQL with the Redis cache under per-data-type strategies (the default).
    Hybrid,

    // PostgreSQL only, no cache.
    Postgres,

    // Calls to the DataService, which runs one of the others.
    Remote,
}

public static class DatabaseTypeParser
{
    public static DatabaseType Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "hybrid" => DatabaseType.Hybrid,
        "postgres" or "postgresql" => DatabaseType.Postgres,
        "remote" => DatabaseType.Remote,
        _ => throw new InvalidOperationException(
            $"Unknown database type '{value}' in Database:Type / DATABASE_TYPE; expected hybrid, postgres or remote."),
    };
}
