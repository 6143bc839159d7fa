namespace DataAccess.ApiKeys;

// What the gateway needs to admit a request: the seed's validation data plus the limits,
// restrictions and bindings it enforces. IsActive is false for disabled, deleted and
// expired keys and for keys of a disabled owner; Status says which.
public sealed record ApiKeyValidation
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string Permissions { get; init; }

    public required bool IsActive { get; init; }

    public required ApiKeyStatus Status { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public required RateLimits RateLimits { get; init; }

    public required ApiKeyLimits Limits { get; init; }

    public required ApiKeyRestrictions Restrictions { get; init; }

    public required AccountBindings AccountBindings { get; init; }

    public string? UserId { get; init; }

    // The key's lifetime tokens (input, output, cache writes and reads), read when the key is
    // active and has a token limit (else 0): the gateway's starting point for a total token
    // limit.
    public long TotalTokens { get; init; }
}

// The seed's rateLimits: concurrency, daily cost and requests per window.
public sealed record RateLimits(int Concurrency, decimal Daily, int Requests);

public enum ApiKeyStatus
{
    Active,
    Disabled,
    Expired,
    Deleted,
    // A hash the key answered to before it was regenerated.
    Retired,
    // The key is active, but the web user who owns it is disabled or gone.
    OwnerDisabled,
}
