using System.Text.Json;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Security;

namespace TestSupport.LegacyDataset;

// apikey:{id} hashes with every field the legacy relay writes (layout §5.1) and the variety
// real deployments have: soft-deleted keys, keys of web users, restrictions, group bindings,
// expiry written as "" or "null", fields added by later versions, regenerated keys whose old
// hashes are still in apikey:hash_map.
public sealed class ApiKeyFactory(BucketClock clock, Random random, ApiKeyHasher hasher, string prefix)
{
    private static readonly string[] s_permissions = ["all", "claude", "gemini", "openai", "messages"];

    public GeneratedApiKey Create(Guid id, int index, string accountBinding, DateTimeOffset? lastUsed, string? userId = null)
    {
        var (plain, hash) = NewKey();
        var created = clock.Now.AddDays(-60 - random.Next(200));
        var fields = new Dictionary<string, string>
        {
            ["id"] = id.ToString(),
            ["name"] = $"Key {index}",
            ["description"] = index % 3 == 0 ? "" : $"generated key {index}",
            ["apiKey"] = hash,
            ["tokenLimit"] = index % 4 == 0 ? "0" : "1000000",
            ["concurrencyLimit"] = JsValues.Number(index % 3),
            ["rateLimitWindow"] = index % 2 == 0 ? "60" : "0",
            ["rateLimitRequests"] = index % 2 == 0 ? "100" : "0",
            ["isActive"] = JsValues.Boolean(index % 7 != 6),
            ["claudeAccountId"] = accountBinding,
            ["claudeConsoleAccountId"] = "",
            ["geminiAccountId"] = "",
            ["openaiAccountId"] = "",
            ["bedrockAccountId"] = "",
            ["permissions"] = s_permissions[index % s_permissions.Length],
            ["enableModelRestriction"] = JsValues.Boolean(index % 5 == 0),
            ["restrictedModels"] = index % 5 == 0 ? """["claude-opus-4-20250514"]""" : "[]",
            ["enableClientRestriction"] = JsValues.Boolean(index % 6 == 0),
            ["allowedClients"] = index % 6 == 0 ? """["claude_code"]""" : "[]",
            ["dailyCostLimit"] = index % 4 == 1 ? "5.5" : "0",
            ["tags"] = JsonSerializer.Serialize(index % 2 == 0 ? new[] { "team-a", $"tier-{index % 3}" } : []),
            ["createdAt"] = JsValues.Iso(created),
            ["lastUsedAt"] = JsValues.Iso(lastUsed),
            ["expiresAt"] = (index % 5) switch { 1 => "null", 2 => JsValues.Iso(clock.Now.AddDays(90)), _ => "" },
            ["createdBy"] = userId is null ? "admin" : "user",
            ["userId"] = userId ?? "",
            ["userUsername"] = userId is null ? "" : $"user-{userId[..6]}",
        };
        var retired = new List<string>();
        if (index % 4 == 3)
        {
            // Regenerated: the old hash stays in apikey:hash_map, pointing at this key.
            retired.Add(NewKey().Hash);
            fields["updatedAt"] = JsValues.Iso(clock.Now.AddDays(-5));
        }

        if (index % 9 == 8)
        {
            fields["isDeleted"] = "true";
            fields["deletedAt"] = JsValues.Iso(clock.Now.AddDays(-3));
            fields["deletedBy"] = "admin";
            fields["deletedByType"] = "admin";
            fields["isActive"] = "false";
        }

        if (index % 5 == 4)
        {
            // Fields of later upstream versions, which have no column of their own.
            fields["rateLimitCost"] = "2.5";
            fields["icon"] = "data:image/png;base64,AAAA";
            fields["expirationMode"] = "fixed";
        }

        return new GeneratedApiKey(id, plain, hash, fields, retired);
    }

    public TimeSpan TtlOf(GeneratedApiKey key) =>
        clock.Remaining(JsValues.ParseIso(key.Fields["lastUsedAt"]) ?? JsValues.ParseIso(key.Fields["createdAt"])!.Value, TimeSpan.FromDays(365))
        ?? TimeSpan.FromDays(1);

    public (string Plain, string Hash) NewKey()
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        var plain = prefix + Convert.ToHexStringLower(bytes);
        return (plain, hasher.Hash(plain));
    }
}
