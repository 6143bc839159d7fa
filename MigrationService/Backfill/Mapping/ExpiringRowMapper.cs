using System.Text.Json;
using System.Text.Json.Nodes;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;
using DataAccess.Security;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Mapping;

// The families that expire on their own (layout §5.10, §5.11): admin and web-user sessions,
// OAuth flows in progress, sticky mappings. Each expires when its Redis key would: now plus the
// remaining TTL (an admin session also a day after its last activity, when the relay would
// refuse it). A key without a TTL gets the one the legacy relay would give it (its hourly
// cleanup gives session:* and sticky_session:* a day and oauth:* ten minutes; the other
// mappings are written for an hour).
internal static class ExpiringRowMapper
{
    private static readonly TimeSpan s_oauthFallback = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_mappingFallback = TimeSpan.FromHours(1);

    public static SessionRow MapAdminSession(LegacyValue value, DateTimeOffset now, PageTally tally)
    {
        var key = value.Key;
        var fields = value.HashAsStrings();
        var username = fields.GetValueOrDefault("username") ?? "";
        if (username.Length == 0)
        {
            tally.Problem(ProblemKind.MissingField, key.Name, "the admin session names no username");
        }

        var loginTime = JsValues.ParseIso(fields.GetValueOrDefault("loginTime"));
        var lastActivity = JsValues.ParseIso(fields.GetValueOrDefault("lastActivity"));
        return new SessionRow(
            SessionTokens.Hash(key.Id),
            username,
            LegacySessions.AdminUserType,
            LegacySessions.AdminData(fields),
            loginTime ?? lastActivity ?? DateTimeOffset.UnixEpoch,
            lastActivity,
            LegacySessions.AdminExpiry(fields, value.TimeToLive, now),
            key.Name);
    }

    public static SessionRow? MapUserSession(LegacyValue value, DateTimeOffset now, PageRows page)
    {
        var key = value.Key;
        if (LegacySessions.WebUserSession(value.Text!) is not var (userId, document))
        {
            page.Tally.Problem(ProblemKind.BrokenJson, key.Name, "the user session is not a JSON object with a userId; kept in legacy_quarantine");
            page.Quarantine.Add(new QuarantineRow(key.Name, "string", "the user session is not a JSON object with a userId", null, key.Name));
            return null;
        }

        return new SessionRow(
            SessionTokens.Hash(key.Id),
            userId,
            LegacySessions.WebUserType,
            document.ToJsonString(),
            JsValues.ParseIso(StringOf(document, "createdAt")) ?? DateTimeOffset.UnixEpoch,
            null,
            LegacySessions.WebUserExpiry(value.TimeToLive, now),
            key.Name);
    }

    public static OAuthSessionRow MapOAuthSession(LegacyValue value, DateTimeOffset now) =>
        new(value.Key.Id, RawJson.Of(value.Hash!), now + (value.TimeToLive ?? s_oauthFallback), value.Key.Name);

    // unified_*_session_mapping:{hash} hold {"accountId", "accountType"}; the older mappings
    // hold the account id alone.
    public static StickySessionRow? MapSticky(LegacyValue value, DateTimeOffset now, PageRows page)
    {
        var key = value.Key;
        var text = value.Text!;
        var fallback = key.Scope == "sticky_session" ? LegacySessions.MissingTtlFallback : s_mappingFallback;
        var expiresAt = now + (value.TimeToLive ?? fallback);
        if (!key.Scope.StartsWith("unified_", StringComparison.Ordinal))
        {
            return new StickySessionRow(key.Scope, key.Id, text, null, text, expiresAt, key.Name);
        }

        if (ParseObject(text) is { } mapping && StringOf(mapping, "accountId") is { } accountId)
        {
            return new StickySessionRow(key.Scope, key.Id, accountId, StringOf(mapping, "accountType"), text, expiresAt, key.Name);
        }

        page.Tally.Problem(ProblemKind.BrokenJson, key.Name, "the mapping is not a JSON object with an accountId; kept in legacy_quarantine");
        page.Quarantine.Add(new QuarantineRow(key.Name, "string", "the mapping is not a JSON object with an accountId", text, key.Name));
        return null;
    }

    private static string? StringOf(JsonObject document, string name) =>
        document[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
