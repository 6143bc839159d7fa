using DataAccess.ApiKeys;
using DataAccess.Postgres.Entities;

namespace DataAccess.Postgres;

internal static class ApiKeyMapping
{
    public static ApiKey ToModel(this ApiKeyEntity entity, DateTimeOffset? lastUsedFromUsage = null) => new()
    {
        Id = entity.Id,
        Name = entity.Name,
        Description = entity.Description,
        Limits = entity.ToLimits(),
        Permissions = entity.Permissions,
        Restrictions = entity.ToRestrictions(),
        Tags = entity.Tags,
        AccountBindings = entity.ToBindings(),
        IsActive = entity.IsActive,
        CreatedBy = entity.CreatedBy,
        UserId = entity.UserId,
        UserUsername = entity.UserUsername,
        CreatedAt = entity.CreatedAt,
        UpdatedAt = entity.UpdatedAt,
        LastUsedAt = Latest(entity.LastUsedAt, lastUsedFromUsage),
        ExpiresAt = entity.ExpiresAt,
        IsDeleted = entity.IsDeleted,
        DeletedAt = entity.DeletedAt,
        DeletedBy = entity.DeletedBy,
    };

    public static ApiKeyValidation ToValidation(this ApiKeyEntity entity, DateTimeOffset now, bool ownerActive = true)
    {
        var status = ApiKeyRules.StatusOf(entity.IsDeleted, entity.IsActive, entity.ExpiresAt, now, ownerActive);
        return new ApiKeyValidation
        {
            Id = entity.Id,
            Name = entity.Name,
            Permissions = entity.Permissions,
            IsActive = status == ApiKeyStatus.Active,
            Status = status,
            ExpiresAt = entity.ExpiresAt,
            RateLimits = new RateLimits(entity.ConcurrencyLimit, entity.DailyCostLimit, entity.RateLimitRequests),
            Limits = entity.ToLimits(),
            Restrictions = entity.ToRestrictions(),
            AccountBindings = entity.ToBindings(),
            UserId = entity.UserId,
        };
    }

    public static void Apply(this ApiKeyEntity entity, ApiKeyLimits limits)
    {
        entity.TokenLimit = limits.TokenLimit;
        entity.ConcurrencyLimit = limits.ConcurrencyLimit;
        entity.RateLimitWindowMinutes = limits.RateLimitWindowMinutes;
        entity.RateLimitRequests = limits.RateLimitRequests;
        entity.DailyCostLimit = limits.DailyCostLimit;
    }

    public static void Apply(this ApiKeyEntity entity, ApiKeyRestrictions restrictions)
    {
        entity.EnableModelRestriction = restrictions.EnableModelRestriction;
        entity.RestrictedModels = [.. restrictions.RestrictedModels];
        entity.EnableClientRestriction = restrictions.EnableClientRestriction;
        entity.AllowedClients = [.. restrictions.AllowedClients];
    }

    public static void Apply(this ApiKeyEntity entity, AccountBindings bindings)
    {
        entity.ClaudeAccountId = bindings.ClaudeAccountId;
        entity.ClaudeConsoleAccountId = bindings.ClaudeConsoleAccountId;
        entity.GeminiAccountId = bindings.GeminiAccountId;
        entity.OpenaiAccountId = bindings.OpenAiAccountId;
        entity.BedrockAccountId = bindings.BedrockAccountId;
    }

    private static ApiKeyLimits ToLimits(this ApiKeyEntity entity) => new()
    {
        TokenLimit = entity.TokenLimit,
        ConcurrencyLimit = entity.ConcurrencyLimit,
        RateLimitWindowMinutes = entity.RateLimitWindowMinutes,
        RateLimitRequests = entity.RateLimitRequests,
        DailyCostLimit = entity.DailyCostLimit,
    };

    private static ApiKeyRestrictions ToRestrictions(this ApiKeyEntity entity) => new()
    {
        EnableModelRestriction = entity.EnableModelRestriction,
        RestrictedModels = entity.RestrictedModels,
        EnableClientRestriction = entity.EnableClientRestriction,
        AllowedClients = entity.AllowedClients,
    };

    private static AccountBindings ToBindings(this ApiKeyEntity entity) => new()
    {
        ClaudeAccountId = entity.ClaudeAccountId,
        ClaudeConsoleAccountId = entity.ClaudeConsoleAccountId,
        GeminiAccountId = entity.GeminiAccountId,
        OpenAiAccountId = entity.OpenaiAccountId,
        BedrockAccountId = entity.BedrockAccountId,
    };

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => (a, b) switch
    {
        ({ } x, { } y) => x > y ? x : y,
        _ => a ?? b,
    };
}
