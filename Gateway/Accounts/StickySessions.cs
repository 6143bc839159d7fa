using System.Text.Json;
using StackExchange.Redis;

namespace Gateway.Accounts;

// A conversation stays on the account that served it: the legacy mapping
// unified_claude_session_mapping:{session hash} (layout §5.11) holding
// {"accountId":"…","accountType":"claude-official"}, so claude-relay-service and this
// gateway agree on stickiness while they share a Redis. The limit script reads it and
// extends its TTL on use.
public static class StickySessions
{
    public static RedisKey Key(string sessionHash) => $"unified_claude_session_mapping:{sessionHash}";

    public static string Mapping(Guid accountId) => $$"""{"accountId":"{{accountId}}","accountType":"claude-official"}""";

    public static Guid? AccountOf(string? mapping)
    {
        if (string.IsNullOrEmpty(mapping))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(mapping);
            return document.RootElement.TryGetProperty("accountId", out var id)
                && document.RootElement.TryGetProperty("accountType", out var type)
                && type.GetString() == "claude-official"
                && Guid.TryParse(id.GetString(), out var accountId)
                    ? accountId
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
