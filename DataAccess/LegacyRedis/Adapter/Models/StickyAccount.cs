using System.Text.Json.Serialization;

namespace DataAccess.LegacyRedis.Adapter.Models;

// The value of unified_claude_session_mapping:{hash} (layout §5.11): which account serves
// a conversation. AccountType is claude-official, claude-console or bedrock.
public sealed record StickyAccount(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("accountType")] string AccountType);
