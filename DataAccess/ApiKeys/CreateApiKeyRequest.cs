namespace DataAccess.ApiKeys;

public sealed record CreateApiKeyRequest
{
    // Generated when absent.
    public Guid? Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public ApiKeyLimits? Limits { get; init; }

    public string? Permissions { get; init; }

    public ApiKeyRestrictions? Restrictions { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public AccountBindings? AccountBindings { get; init; }

    public bool? IsActive { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? CreatedBy { get; init; }

    public string? UserId { get; init; }

    public string? UserUsername { get; init; }
}

// ApiKey is the plain key: shown now and never again.
public sealed record CreatedApiKey(Guid Id, string ApiKey, string HashedKey, DateTimeOffset CreatedAt);
