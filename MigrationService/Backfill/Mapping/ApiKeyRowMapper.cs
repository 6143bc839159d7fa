using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// apikey:{keyId} hashes (layout §5.1) into api_keys rows, soft-deleted keys included. The
// legacy read rules decide the columns (LegacyApiKeyFields); whatever the columns do not
// reproduce goes to extra. The apiKey field is the authoritative hash.
internal static class ApiKeyRowMapper
{
    // numeric(20, 10) holds less than this.
    private const decimal MaxDailyCostLimit = 10_000_000_000m;

    private static readonly string[] s_integerFields = ["tokenLimit", "concurrencyLimit", "rateLimitWindow", "rateLimitRequests"];
    private static readonly string[] s_arrayFields = ["restrictedModels", "allowedClients", "tags"];
    private static readonly string[] s_timestampFields = ["createdAt", "updatedAt", "lastUsedAt", "expiresAt", "deletedAt"];

    public static ApiKeyRow Map(LegacyValue value, PageTally tally)
    {
        var key = value.Key;
        var fields = value.HashAsStrings();
        Check(key.Name, fields, tally);

        var model = LegacyApiKeyFields.ToModel(key.OwnerId, fields);
        if (model.Limits.DailyCostLimit >= MaxDailyCostLimit)
        {
            model = model with { Limits = model.Limits with { DailyCostLimit = 0 } };
        }

        var storedHash = fields.GetValueOrDefault("apiKey") ?? "";
        var keyHash = IsSha256Hex(storedHash) ? storedHash : $"unusable:{key.OwnerId}";
        if (!IsSha256Hex(storedHash))
        {
            tally.Problem(ProblemKind.MissingField, key.Name, "apiKey is missing or not a SHA-256 hash: the migrated key cannot authenticate");
        }
        else if (value.HashMapTarget != key.OwnerId.ToString())
        {
            tally.Problem(
                ProblemKind.MissingHashMapEntry,
                key.Name,
                value.HashMapTarget is null ? "apikey:hash_map has no entry for its hash" : $"apikey:hash_map sends its hash to {value.HashMapTarget}");
        }

        var deletedByType = fields.GetValueOrDefault("deletedByType") is { Length: > 0 } type ? type : null;
        return new ApiKeyRow
        {
            Id = model.Id,
            Name = model.Name,
            Description = model.Description,
            KeyHash = keyHash,
            TokenLimit = model.Limits.TokenLimit,
            ConcurrencyLimit = model.Limits.ConcurrencyLimit,
            RateLimitWindowMinutes = model.Limits.RateLimitWindowMinutes,
            RateLimitRequests = model.Limits.RateLimitRequests,
            DailyCostLimit = model.Limits.DailyCostLimit,
            Permissions = model.Permissions,
            EnableModelRestriction = model.Restrictions.EnableModelRestriction,
            RestrictedModels = [.. model.Restrictions.RestrictedModels],
            EnableClientRestriction = model.Restrictions.EnableClientRestriction,
            AllowedClients = [.. model.Restrictions.AllowedClients],
            Tags = [.. model.Tags],
            ClaudeAccountId = model.AccountBindings.ClaudeAccountId,
            ClaudeConsoleAccountId = model.AccountBindings.ClaudeConsoleAccountId,
            GeminiAccountId = model.AccountBindings.GeminiAccountId,
            OpenAiAccountId = model.AccountBindings.OpenAiAccountId,
            BedrockAccountId = model.AccountBindings.BedrockAccountId,
            IsActive = model.IsActive,
            CreatedBy = model.CreatedBy,
            UserId = model.UserId,
            UserUsername = model.UserUsername,
            CreatedAt = model.CreatedAt,
            UpdatedAt = model.UpdatedAt,
            LastUsedAt = model.LastUsedAt,
            ExpiresAt = model.ExpiresAt,
            IsDeleted = model.IsDeleted,
            DeletedAt = model.DeletedAt,
            DeletedBy = model.DeletedBy,
            DeletedByType = deletedByType,
            Extra = Extra(fields, model, keyHash, deletedByType),
            NamedByHashMap = value.HashMapTarget == key.OwnerId.ToString(),
            Source = key.Name,
        };
    }

    // Everything the columns give back, formatted as the legacy relay writes it; any stored
    // field that is not exactly this is kept in extra.
    private static string Extra(Dictionary<string, string> fields, ApiKey model, string keyHash, string? deletedByType)
    {
        var reproduced = LegacyApiKeyFields.ToFields(model, keyHash);
        reproduced["updatedAt"] = JsValues.Iso(model.UpdatedAt);
        reproduced["isDeleted"] = JsValues.Boolean(model.IsDeleted);
        reproduced["deletedAt"] = JsValues.Iso(model.DeletedAt);
        reproduced["deletedBy"] = model.DeletedBy ?? "";
        reproduced["deletedByType"] = deletedByType ?? "";
        var extra = new ExtraFields(fields, new HashSet<string>());
        foreach (var (field, text) in reproduced)
        {
            extra.Mapped(field, () => text);
        }

        return extra.ToJson();
    }

    private static void Check(string key, Dictionary<string, string> fields, PageTally tally)
    {
        foreach (var field in s_integerFields)
        {
            FieldChecks.Integer(fields, field, key, tally);
        }

        FieldChecks.Number(fields, "dailyCostLimit", key, tally);
        foreach (var field in s_arrayFields)
        {
            FieldChecks.JsonArrayOfStrings(fields, field, key, tally);
        }

        foreach (var field in s_timestampFields)
        {
            FieldChecks.Timestamp(fields, field, key, tally);
        }

        if (fields.GetValueOrDefault("createdAt") is null or "" or "null")
        {
            tally.Problem(ProblemKind.MissingField, key, "createdAt is missing: migrated as 1970-01-01");
        }
    }

    private static bool IsSha256Hex(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}
