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

    // The seed's createApiKey takes these three beside the other fields; when present they
    // apply over the same fields of Limits.
    [Range(0, long.MaxValue)]
    public long? TokenLimit { get; init; }

    [Range(0, int.MaxValue)]
    public int? ConcurrencyLimit { get; init; }

    [Range(0, 9_999_999_999d)]
    public decimal? DailyCostLimit { get; init; }

    public ApiKeyLimits? Limits
    {
        get => TokenLimit is null && ConcurrencyLimit is null && DailyCostLimit is null
            ? _limits
            : (_limits ?? new ApiKeyLimits()) with
            {
                TokenLimit = TokenLimit ?? _limits?.TokenLimit ?? 0,
                ConcurrencyLimit = ConcurrencyLimit ?? _limits?.ConcurrencyLimit ?? 0,
                DailyCostLimit = DailyCostLimit ?? _limits?.DailyCostLimit ?? 0,
            };
        init => _limits = value;
    }

    private readonly ApiKeyLimits? _limits;

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
