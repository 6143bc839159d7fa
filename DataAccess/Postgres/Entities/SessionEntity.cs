namespace DataAccess.Postgres.Entities;

// A row of sessions.
internal sealed class SessionEntity
{
    public string TokenHash { get; set; } = "";

    public string UserId { get; set; } = "";

    public string UserType { get; set; } = "";

    public string Data { get; set; } = "{}";

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
