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
    private const string MappingStart = "{\"accountId\":\"";
    private const string MappingEnd = "\",\"accountType\":\"claude-official\"}";

    public static RedisKey Key(string sessionHash) => $"unified_claude_session_mapping:{sessionHash}";

    public static string Mapping(Guid accountId) => $$"""{"accountId":"{{accountId}}","accountType":"claude-official"}""";

    public static Guid? AccountOf(string? mapping)
    {
        if (string.IsNullOrEmpty(mapping))
        {
            return null;
        }

        // A mapping as Mapping writes it (and the legacy relay too) is read without a parser.
        if (mapping.Length == MappingStart.Length + 36 + MappingEnd.Length
            && mapping.StartsWith(MappingStart, StringComparison.Ordinal)
            && mapping.EndsWith(MappingEnd, StringComparison.Ordinal)
            && Guid.TryParseExact(mapping.AsSpan(MappingStart.Length, 36), "D", out var written))
        {
            return written;
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
