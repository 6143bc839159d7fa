using System.Text.Json;

namespace DataAccess.LegacyRedis.Adapter.Models;

// An oauth:{sessionId} hash: its fields as stored, and proxy parsed (null when absent or
// not valid JSON, as upstream reads it).
public sealed record LegacyOAuthSession(IReadOnlyDictionary<string, string> Fields, JsonElement? Proxy);
