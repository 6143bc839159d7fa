using System.Text.Json;
using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;

namespace DataAccess.LegacyRedis.Mapping;

// An apikey:{keyId} hash (layout §5.1) and our ApiKey, both ways. Reading applies the legacy
// read rules (parseInt/parseFloat with 0 for junk, missing permissions means "all", broken
// JSON arrays mean []); fields we have no property for are returned as extras, so a
// migration keeps them.
public static class LegacyApiKeyFields
{
    // Every field generateApiKey writes, in its order: a key we create is complete, as the
    // legacy code expects (it parses some fields without defaults).
    public static readonly IReadOnlyList<string> Known =
    [
        "id", "name", "description", "apiKey", "tokenLimit", "concurrencyLimit", "rateLimitWindow", "rateLimitRequests", "isActive",
        "claudeAccountId", "claudeConsoleAccountId", "geminiAccountId", "openaiAccountId", "bedrockAccountId", "permissions",
        "enableModelRestriction", "restrictedModels", "enableClientRestriction", "allowedClients", "dailyCostLimit", "tags",
        "createdAt", "lastUsedAt", "expiresAt", "createdBy", "userId", "userUsername", "updatedAt", "isDeleted", "deletedAt", "deletedBy", "deletedByType",
    ];

    private static readonly HashSet<string> s_known = new(Known, StringComparer.Ordinal);

    public static ApiKey ToModel(Guid id, IReadOnlyDictionary<string, string> fields) => new()
    {
        Id = id,
        Name = Get(fields, "name"),
        Description = Get(fields, "description"),
        Limits = new ApiKeyLimits
        {
            TokenLimit = Math.Max(0, JsValues.ParseInt(Get(fields, "tokenLimit"))),
            ConcurrencyLimit = (int)Math.Clamp(JsValues.ParseInt(Get(fields, "concurrencyLimit")), 0, int.MaxValue),
            RateLimitWindowMinutes = (int)Math.Clamp(JsValues.ParseInt(Get(fields, "rateLimitWindow")), 0, int.MaxValue),
            RateLimitRequests = (int)Math.Clamp(JsValues.ParseInt(Get(fields, "rateLimitRequests")), 0, int.MaxValue),
            DailyCostLimit = Math.Max(0, JsValues.ParseFloat(Get(fields, "dailyCostLimit"))),
        },
        Permissions = fields.TryGetValue("permissions", out var permissions) && permissions.Length > 0 ? permissions : ApiKeyPermissions.All,
        Restrictions = new ApiKeyRestrictions
        {
            EnableModelRestriction = JsValues.IsTrue(Get(fields, "enableModelRestriction")),
            RestrictedModels = JsonArray(Get(fields, "restrictedModels")),
            EnableClientRestriction = JsValues.IsTrue(Get(fields, "enableClientRestriction")),
            AllowedClients = JsonArray(Get(fields, "allowedClients")),
        },
        Tags = JsonArray(Get(fields, "tags")),
        AccountBindings = new AccountBindings
        {
            ClaudeAccountId = NullIfEmpty(Get(fields, "claudeAccountId")),
            ClaudeConsoleAccountId = NullIfEmpty(Get(fields, "claudeConsoleAccountId")),
            GeminiAccountId = NullIfEmpty(Get(fields, "geminiAccountId")),
            OpenAiAccountId = NullIfEmpty(Get(fields, "openaiAccountId")),
            BedrockAccountId = NullIfEmpty(Get(fields, "bedrockAccountId")),
        },
        IsActive = JsValues.IsTrue(Get(fields, "isActive")),
        CreatedBy = fields.TryGetValue("createdBy", out var createdBy) && createdBy.Length > 0 ? createdBy : "admin",
        UserId = NullIfEmpty(Get(fields, "userId")),
        UserUsername = NullIfEmpty(Get(fields, "userUsername")),
        CreatedAt = JsValues.ParseIso(Get(fields, "createdAt")) ?? DateTimeOffset.UnixEpoch,
        UpdatedAt = JsValues.ParseIso(Get(fields, "updatedAt")),
        LastUsedAt = JsValues.ParseIso(Get(fields, "lastUsedAt")),
        ExpiresAt = JsValues.ParseIso(Get(fields, "expiresAt")),
        IsDeleted = JsValues.IsTrue(Get(fields, "isDeleted")),
        DeletedAt = JsValues.ParseIso(Get(fields, "deletedAt")),
        DeletedBy = NullIfEmpty(Get(fields, "deletedBy")),
    };

    // The hash exactly as the legacy relay writes a new key.
    public static Dictionary<string, string> ToFields(ApiKey key, string hashedKey) => new(StringComparer.Ordinal)
    {
        ["id"] = key.Id.ToString(),
        ["name"] = key.Name,
        ["description"] = key.Description,
        ["apiKey"] = hashedKey,
        ["tokenLimit"] = JsValues.Number(key.Limits.TokenLimit),
        ["concurrencyLimit"] = JsValues.Number(key.Limits.ConcurrencyLimit),
        ["rateLimitWindow"] = JsValues.Number(key.Limits.RateLimitWindowMinutes),
        ["rateLimitRequests"] = JsValues.Number(key.Limits.RateLimitRequests),
        ["isActive"] = JsValues.Boolean(key.IsActive),
        ["claudeAccountId"] = key.AccountBindings.ClaudeAccountId ?? "",
        ["claudeConsoleAccountId"] = key.AccountBindings.ClaudeConsoleAccountId ?? "",
        ["geminiAccountId"] = key.AccountBindings.GeminiAccountId ?? "",
        ["openaiAccountId"] = key.AccountBindings.OpenAiAccountId ?? "",
        ["bedrockAccountId"] = key.AccountBindings.BedrockAccountId ?? "",
        ["permissions"] = key.Permissions,
        ["enableModelRestriction"] = JsValues.Boolean(key.Restrictions.EnableModelRestriction),
        ["restrictedModels"] = JsValues.Json(key.Restrictions.RestrictedModels),
        ["enableClientRestriction"] = JsValues.Boolean(key.Restrictions.EnableClientRestriction),
        ["allowedClients"] = JsValues.Json(key.Restrictions.AllowedClients),
        ["dailyCostLimit"] = JsValues.Number(key.Limits.DailyCostLimit),
        ["tags"] = JsValues.Json(key.Tags),
        ["createdAt"] = JsValues.Iso(key.CreatedAt),
        ["lastUsedAt"] = JsValues.Iso(key.LastUsedAt),
        ["expiresAt"] = JsValues.Iso(key.ExpiresAt),
        ["createdBy"] = key.CreatedBy,
        ["userId"] = key.UserId ?? "",
        ["userUsername"] = key.UserUsername ?? "",
    };

    // The hash fields an update rewrites; every other field is left alone, so a concurrent
    // write of the legacy relay (lastUsedAt on every request) is not undone.
    public static IEnumerable<string> ChangedBy(ApiKeyUpdate update)
    {
        IEnumerable<string> Fields(bool isSet, params string[] names) => isSet ? names : [];

        return Fields(update.Name.HasValue, "name")
            .Concat(Fields(update.Description.HasValue, "description"))
            .Concat(Fields(update.ChangesLimits, "tokenLimit", "concurrencyLimit", "rateLimitWindow", "rateLimitRequests", "dailyCostLimit"))
            .Concat(Fields(update.Permissions.HasValue, "permissions"))
            .Concat(Fields(update.Restrictions.HasValue, "enableModelRestriction", "restrictedModels", "enableClientRestriction", "allowedClients"))
            .Concat(Fields(update.Tags.HasValue, "tags"))
            .Concat(Fields(update.AccountBindings.HasValue, "claudeAccountId", "claudeConsoleAccountId", "geminiAccountId", "openaiAccountId", "bedrockAccountId"))
            .Concat(Fields(update.IsActive.HasValue, "isActive"))
            .Concat(Fields(update.ExpiresAt.HasValue, "expiresAt"));
    }

    // Fields of the hash this model has no property for (later upstream versions add many).
    public static Dictionary<string, string> Extras(IReadOnlyDictionary<string, string> fields) =>
        fields.Where(field => !s_known.Contains(field.Key)).ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);

    private static string Get(IReadOnlyDictionary<string, string> fields, string name) => fields.TryGetValue(name, out var value) ? value : "";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // Arrays are JSON text; invalid JSON reads as [], as upstream reads it.
    private static IReadOnlyList<string> JsonArray(string value)
    {
        if (value.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(value) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
