using System.ComponentModel.DataAnnotations;

namespace DataAccess.ApiKeys;

public sealed record CreateApiKeyRequest
{
    // Generated when absent.
    public Guid? Id { get; init; }

    [MaxLength(ApiKeyRules.MaxNameLength)]
    public required string Name { get; init; }

    [MaxLength(ApiKeyRules.MaxDescriptionLength)]
    public string? Description { get; init; }

    public ApiKeyLimits? Limits { get; init; }

    public string? Permissions { get; init; }

    public ApiKeyRestrictions? Restrictions { get; init; }

    [MaxLength(ApiKeyRules.MaxTags)]
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
