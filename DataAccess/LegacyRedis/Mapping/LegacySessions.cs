using System.Text.Json;
using System.Text.Json.Nodes;
using DataAccess.LegacyRedis.Layout;

namespace DataAccess.LegacyRedis.Mapping;

// The legacy relay's own login sessions (layout §5.10) as the unified API shows them, read by
// the same rules in the legacy backend and in the backfill: admin sessions are session:{token}
// hashes {username, loginTime, lastActivity}; web-user sessions are user_session:{token} JSON
// documents {token, userId, createdAt, expiresAt, ...}.
public static class LegacySessions
{
    public const string AdminUserType = "admin";
    public const string WebUserType = "user";

    // The relay's hourly cleanup gives a session key without a TTL one day.
    public static readonly TimeSpan MissingTtlFallback = TimeSpan.FromDays(1);

    // The relay refuses an admin session idle for more than a day, whatever its TTL says: the
    // TTL set at login is about 1000 days (ADMIN_SESSION_TIMEOUT milliseconds taken as seconds).
    public static readonly TimeSpan AdminIdleLimit = TimeSpan.FromHours(24);

    // When the relay would stop accepting the session: at the end of its TTL, or a day after its
    // last activity (its login when it has none), whichever comes first. An activity time that
    // does not parse never ends it, as in the relay, where the comparison with NaN is false.
    public static DateTimeOffset AdminExpiry(IReadOnlyDictionary<string, string> fields, TimeSpan? ttl, DateTimeOffset now)
    {
        var byTtl = now + (ttl ?? MissingTtlFallback);
        var lastSeen = fields.GetValueOrDefault("lastActivity") is { Length: > 0 } activity ? activity : fields.GetValueOrDefault("loginTime");
        return JsValues.ParseIso(lastSeen) is { } seen && seen + AdminIdleLimit < byTtl ? seen + AdminIdleLimit : byTtl;
    }

    // The hash as a JSON object of its string fields, in name order so that the same hash
    // always gives the same text.
    public static string AdminData(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var data = new JsonObject();
        foreach (var (field, value) in fields.OrderBy(field => field.Key, StringComparer.Ordinal))
        {
            data[field] = value;
        }

        return data.ToJsonString();
    }

    // The document without its token, which lives on only as its hash; null when the text is
    // not a JSON object naming its user.
    public static (string UserId, JsonObject Data)? WebUserSession(string text)
    {
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (document?["userId"] is not JsonValue user || user.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        document.Remove("token");
        return (user.GetValue<string>(), document);
    }

    public static DateTimeOffset WebUserExpiry(TimeSpan? ttl, DateTimeOffset now) => now + (ttl ?? MissingTtlFallback);
}
