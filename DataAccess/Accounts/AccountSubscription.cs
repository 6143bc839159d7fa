using System.Text.Json;

namespace DataAccess.Accounts;

// The plan fields of an account's subscriptionInfo (layout §5.6): the profile-derived
// accountType (claude_max | claude_pro | free) and the hasClaudeMax / hasClaudePro flags.
public sealed record AccountSubscription(string? AccountType, bool HasClaudeMax, bool HasClaudePro)
{
    // The legacy scheduler's rule: Opus models are not sent to accounts whose plan is Pro
    // only (hasClaudePro without hasClaudeMax) or whose accountType is claude_pro or claude_free.
    public bool CanServeOpus =>
        !(HasClaudePro && !HasClaudeMax) && AccountType is not ("claude_pro" or "claude_free");

    // The relay's test for an Opus model: the name contains "opus", in any case.
    public static bool IsOpusModel(string? model) =>
        model is not null && model.Contains("opus", StringComparison.OrdinalIgnoreCase);

    // Null when the document is missing or says nothing about the plan.
    public static AccountSubscription? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var accountType = root.TryGetProperty("accountType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            var max = root.TryGetProperty("hasClaudeMax", out var hasMax) && hasMax.ValueKind == JsonValueKind.True;
            var pro = root.TryGetProperty("hasClaudePro", out var hasPro) && hasPro.ValueKind == JsonValueKind.True;
            return accountType is null && !max && !pro ? null : new AccountSubscription(accountType, max, pro);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
