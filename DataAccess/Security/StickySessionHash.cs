using System.Text;
using System.Text.Json;

namespace DataAccess.Security;

// The session hashes that pin a conversation to one upstream account. They are part of the
// Redis key names shared with claude-relay-service (unified_claude_session_mapping:{hash}),
// so they follow the reference commit's recipes exactly.
public static class StickySessionHash
{
    private const int ClaudeHashLength = 32;
    private const string Ephemeral = "ephemeral";

    // The first 32 hex characters of SHA-256 over, in order of preference: the text marked
    // for prompt caching, the system prompt, the first message. Null when all are empty.
    public static string? ForClaudeRequest(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var system = body.TryGetProperty("system", out var s) ? s : default;
        var messages = body.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().ToList()
            : [];

        var text = CacheableText(system, messages);
        if (text.Length == 0)
        {
            text = SystemText(system);
        }

        if (text.Length == 0 && messages.Count > 0)
        {
            text = FirstMessageText(messages[0]);
        }

        return text.Length == 0 ? null : Sha256Hex.Of(text)[..ClaudeHashLength];
    }

    // The full SHA-256 hex of the first non-empty session id among the session_id header,
    // the x-session-id header, and the body's session_id and conversation_id. The body may be
    // default(JsonElement) when the request has none.
    public static string? ForOpenAIRequest(string? sessionIdHeader, string? xSessionIdHeader, JsonElement body)
    {
        var sessionId = new[]
        {
            sessionIdHeader,
            xSessionIdHeader,
            StringProperty(body, "session_id"),
            StringProperty(body, "conversation_id"),
        }.FirstOrDefault(candidate => !string.IsNullOrEmpty(candidate));

        return sessionId is null ? null : Sha256Hex.Of(sessionId);
    }

    private static string CacheableText(JsonElement system, List<JsonElement> messages)
    {
        var text = new StringBuilder();
        if (system.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in system.EnumerateArray())
            {
                if (IsEphemeral(part))
                {
                    text.Append(StringProperty(part, "text"));
                }
            }
        }

        foreach (var message in messages)
        {
            var content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var c) ? c : default;
            if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    if (IsEphemeral(part) && StringProperty(part, "type") == "text")
                    {
                        text.Append(StringProperty(part, "text"));
                    }
                }
            }
            else if (content.ValueKind == JsonValueKind.String && IsEphemeral(message))
            {
                text.Append(content.GetString());
            }
        }

        return text.ToString();
    }

    private static string SystemText(JsonElement system) => system.ValueKind switch
    {
        JsonValueKind.String => system.GetString()!,
        JsonValueKind.Array => string.Concat(system.EnumerateArray().Select(part => StringProperty(part, "text"))),
        _ => string.Empty,
    };

    private static string FirstMessageText(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(part => StringProperty(part, "type") == "text")
                .Select(part => StringProperty(part, "text"))),
            _ => string.Empty,
        };
    }

    private static bool IsEphemeral(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("cache_control", out var cacheControl)
        && StringProperty(cacheControl, "type") == Ephemeral;

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
