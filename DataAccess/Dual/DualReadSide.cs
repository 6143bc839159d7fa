namespace DataAccess.Dual;

// Which side dual mode reads from (Database:DualReadFrom): the legacy layout (the default,
// while claude-relay-service still writes it) or PostgreSQL.
public enum DualReadSide
{
    Redis,
    Postgres,
}

public static class DualReadSideParser
{
    public static DualReadSide Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "redis" => DualReadSide.Redis,
        "postgres" or "postgresql" => DualReadSide.Postgres,
        _ => throw new InvalidOperationException($"Unknown read side '{value}' in Database:DualReadFrom; expected redis or postgres."),
    };
}
