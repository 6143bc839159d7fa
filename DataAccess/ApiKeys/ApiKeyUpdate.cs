using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DataAccess.ApiKeys;

// A partial update: only the fields that are set change. Setting ExpiresAt to null removes
// the expiry; a nested record replaces that group of settings as a whole. The seed's
// tokenLimit, concurrencyLimit and dailyCostLimit (top level, as createApiKey takes them)
// change that one limit and apply over limits when both are sent.
public sealed record ApiKeyUpdate
{
    [MaxLength(ApiKeyRules.MaxNameLength)]
    public Optional<string> Name { get; init; }

    [MaxLength(ApiKeyRules.MaxDescriptionLength)]
    public Optional<string?> Description { get; init; }

    public Optional<ApiKeyLimits> Limits { get; init; }

    public Optional<long> TokenLimit { get; init; }

    public Optional<int> ConcurrencyLimit { get; init; }

    public Optional<decimal> DailyCostLimit { get; init; }

    [JsonIgnore]
    public bool ChangesLimits => Limits.HasValue || TokenLimit.HasValue || ConcurrencyLimit.HasValue || DailyCostLimit.HasValue;

    public Optional<string> Permissions { get; init; }

    public Optional<ApiKeyRestrictions> Restrictions { get; init; }

    [MaxLength(ApiKeyRules.MaxTags)]
    public Optional<IReadOnlyList<string>> Tags { get; init; }

    public Optional<AccountBindings> AccountBindings { get; init; }

    public Optional<bool> IsActive { get; init; }

    public Optional<DateTimeOffset?> ExpiresAt { get; init; }

    // The key with this update applied (names trimmed, as every backend stores them).
    public ApiKey ApplyTo(ApiKey key) => key with
    {
        Name = Name.HasValue ? Name.Value.Trim() : key.Name,
        Description = Description.HasValue ? Description.Value ?? "" : key.Description,
        Limits = LimitsOver(key.Limits),
        Permissions = Permissions.GetValueOrDefault(key.Permissions),
        Restrictions = Restrictions.GetValueOrDefault(key.Restrictions),
        Tags = Tags.GetValueOrDefault(key.Tags),
        AccountBindings = AccountBindings.GetValueOrDefault(key.AccountBindings),
        IsActive = IsActive.GetValueOrDefault(key.IsActive),
        ExpiresAt = ExpiresAt.GetValueOrDefault(key.ExpiresAt),
    };

    // The limits after this update, given the current ones.
    public ApiKeyLimits LimitsOver(ApiKeyLimits current)
    {
        var limits = Limits.GetValueOrDefault(current);
        return limits with
        {
            TokenLimit = TokenLimit.GetValueOrDefault(limits.TokenLimit),
            ConcurrencyLimit = ConcurrencyLimit.GetValueOrDefault(limits.ConcurrencyLimit),
            DailyCostLimit = DailyCostLimit.GetValueOrDefault(limits.DailyCostLimit),
        };
    }
}
