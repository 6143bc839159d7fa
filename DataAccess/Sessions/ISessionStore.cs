using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataAccess.Sessions;

// Login sessions (seed 003 SessionInterface). The token is returned once; only its hash is
// stored.
public interface ISessionStore
{
    Task<DataResult<CreatedSession>> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default);

    Task<DataResult<SessionValidation>> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken = default);

    Task<DataResult<SessionExpiry>> UpdateSessionAsync(string sessionToken, SessionUpdate update, CancellationToken cancellationToken = default);

    Task<DataResult> DeleteSessionAsync(string sessionToken, CancellationToken cancellationToken = default);

    Task<DataResult<SessionCleanupResult>> CleanupExpiredSessionsAsync(CancellationToken cancellationToken = default);
}

public sealed record CreateSessionRequest
{
    [MaxLength(SessionRules.MaxUserIdLength)]
    public required string UserId { get; init; }

    // admin | user
    public required string UserType { get; init; }

    public JsonElement? SessionData { get; init; }

    // 24 hours when absent.
    public int? TtlSeconds { get; init; }

    public string? IpAddress { get; init; }

    [MaxLength(1024)]
    public string? UserAgent { get; init; }
}

public sealed record CreatedSession(string SessionToken, DateTimeOffset ExpiresAt);

public sealed record SessionValidation(string UserId, string UserType, JsonElement SessionData, DateTimeOffset ExpiresAt, bool IsValid)
{
    // A session past its expiry that the store still knows: who it was and when it ended; its
    // data is not handed out any more.
    public static SessionValidation Expired(string userId, string userType, DateTimeOffset expiresAt) =>
        new(userId, userType, JsonDocument.Parse("{}").RootElement.Clone(), expiresAt, IsValid: false);
}

// SessionData replaces the stored data; ExtendTtlSeconds pushes the expiry out by that much.
public sealed record SessionUpdate
{
    public JsonElement? SessionData { get; init; }

    public int? ExtendTtlSeconds { get; init; }

    // The seed's name for ExtendTtlSeconds, accepted as well.
    [JsonPropertyName("extendTTL")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExtendTtl
    {
        get => null;
        init => ExtendTtlSeconds = value;
    }
}

public sealed record SessionExpiry(DateTimeOffset ExpiresAt);

public sealed record SessionCleanupResult(long DeletedSessions);
