using DataAccess.Validation;

namespace DataAccess.ApiKeys;

// Input checks shared by every backend, so each refuses the same bad input the same way.
public static class ApiKeyRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxTags = 50;
    public const int MaxListEntryLength = 200;

    private static readonly HashSet<string> s_sortFields = new(StringComparer.Ordinal) { "name", "createdAt", "updatedAt", "lastUsedAt", "expiresAt" };

    public static void ValidateCreate(CreateApiKeyRequest request, DateTimeOffset now)
    {
        InputRules.Validate(request);
        ValidateName(request.Name);
        ValidateLimits(request.Limits);
        ValidatePermissions(request.Permissions);
        ValidateRestrictions(request.Restrictions);
        ValidateTags(request.Tags);
        ValidateExpiry(request.ExpiresAt, now);
        if (request.Id == Guid.Empty)
        {
            throw DatabaseError.Invalid("id", "must not be the empty UUID.");
        }
    }

    public static void ValidateUpdate(ApiKeyUpdate update, DateTimeOffset now)
    {
        InputRules.Validate(update);
        if (update.Name.HasValue)
        {
            ValidateName(update.Name.Value);
        }

        if (update.Limits.HasValue)
        {
            ValidateLimits(update.Limits.Value ?? throw DatabaseError.Invalid("limits", "must not be null."));
        }

        if (update.ChangesLimits)
        {
            var seedNames = update.LimitsOver(new ApiKeyLimits());
            NotNegative(seedNames.TokenLimit, "tokenLimit");
            NotNegative(seedNames.ConcurrencyLimit, "concurrencyLimit");
            if (seedNames.DailyCostLimit is < 0 or >= 10_000_000_000m)
            {
                throw DatabaseError.Invalid("dailyCostLimit", "must be between 0 and 9999999999.");
            }
        }

        if (update.Permissions.HasValue)
        {
            ValidatePermissions(update.Permissions.Value ?? throw DatabaseError.Invalid("permissions", "must not be null."));
        }

        if (update.Restrictions.HasValue)
        {
            ValidateRestrictions(update.Restrictions.Value ?? throw DatabaseError.Invalid("restrictions", "must not be null."));
        }

        if (update.Tags.HasValue)
        {
            ValidateTags(update.Tags.Value ?? throw DatabaseError.Invalid("tags", "must not be null."));
        }

        if (update.AccountBindings.HasValue && update.AccountBindings.Value is null)
        {
            throw DatabaseError.Invalid("accountBindings", "must not be null.");
        }

        if (update.ExpiresAt.HasValue)
        {
            ValidateExpiry(update.ExpiresAt.Value, now);
        }
    }

    public static void ValidateQuery(ApiKeyQuery query)
    {
        if (query.Limit is < 1 or > ApiKeyQuery.MaxLimit)
        {
            throw DatabaseError.Invalid("limit", $"must be between 1 and {ApiKeyQuery.MaxLimit}.");
        }

        if (query.Offset < 0)
        {
            throw DatabaseError.Invalid("offset", "must not be negative.");
        }

        if (!s_sortFields.Contains(query.SortBy))
        {
            throw DatabaseError.Invalid("sortBy", $"must be one of {string.Join(", ", s_sortFields)}.");
        }

        if (query.Permissions is not null)
        {
            ValidatePermissions(query.Permissions);
        }

        ValidateTags(query.Tags);
    }

    public static void ValidateHash(string hashedKey)
    {
        if (hashedKey is not { Length: 64 } || !hashedKey.All(char.IsAsciiHexDigitLower))
        {
            throw DatabaseError.Invalid("hashedKey", "must be 64 lowercase hexadecimal characters (a SHA-256 hash).");
        }
    }

    // Whether a key with these properties admits requests at the given time. A key of a web
    // user admits them only while that user exists and is active, as in the legacy relay
    // (layout §5.10).
    public static ApiKeyStatus StatusOf(bool isDeleted, bool isActive, DateTimeOffset? expiresAt, DateTimeOffset now, bool ownerActive = true) =>
        isDeleted ? ApiKeyStatus.Deleted
        : !isActive ? ApiKeyStatus.Disabled
        : expiresAt is { } expiry && expiry <= now ? ApiKeyStatus.Expired
        : ownerActive ? ApiKeyStatus.Active
        : ApiKeyStatus.OwnerDisabled;

    private static void ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw DatabaseError.Invalid("name", "is required.");
        }

    }

    private static void ValidateLimits(ApiKeyLimits? limits)
    {
        if (limits is null)
        {
            return;
        }

        NotNegative(limits.TokenLimit, "limits.tokenLimit");
        NotNegative(limits.ConcurrencyLimit, "limits.concurrencyLimit");
        NotNegative(limits.RateLimitWindowMinutes, "limits.rateLimitWindowMinutes");
        NotNegative(limits.RateLimitRequests, "limits.rateLimitRequests");
        if (limits.DailyCostLimit < 0)
        {
            throw DatabaseError.Invalid("limits.dailyCostLimit", "must not be negative.");
        }

        if (limits.DailyCostLimit >= 10_000_000_000m)
        {
            throw DatabaseError.Invalid("limits.dailyCostLimit", "is too large.");
        }
    }

    private static void NotNegative(long value, string field)
    {
        if (value < 0)
        {
            throw DatabaseError.Invalid(field, "must not be negative.");
        }
    }

    private static void ValidatePermissions(string? permissions)
    {
        if (permissions is not null && !ApiKeyPermissions.Known.Contains(permissions))
        {
            throw DatabaseError.Invalid("permissions", $"must be one of {string.Join(", ", ApiKeyPermissions.Known)}.");
        }
    }

    private static void ValidateRestrictions(ApiKeyRestrictions? restrictions)
    {
        if (restrictions is null)
        {
            return;
        }

        ValidateList(restrictions.RestrictedModels, "restrictions.restrictedModels");
        ValidateList(restrictions.AllowedClients, "restrictions.allowedClients");
    }

    private static void ValidateTags(IReadOnlyList<string>? tags)
    {
        if (tags is { Count: > MaxTags })
        {
            throw DatabaseError.Invalid("tags", $"must hold at most {MaxTags} tags.");
        }

        ValidateList(tags, "tags");
    }

    private static void ValidateList(IReadOnlyList<string>? values, string field)
    {
        if (values is null)
        {
            return;
        }

        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxListEntryLength)
            {
                throw DatabaseError.Invalid(field, $"entries must be non-empty and at most {MaxListEntryLength} characters.");
            }
        }
    }

    private static void ValidateExpiry(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw DatabaseError.Invalid("expiresAt", "must be in the future.");
        }
    }
}
