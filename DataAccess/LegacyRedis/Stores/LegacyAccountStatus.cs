using DataAccess.Accounts;
using DataAccess.LegacyRedis.Layout;

namespace DataAccess.LegacyRedis.Stores;

// A status update of the unified contract in the relay's own account fields, so its
// scheduler reaches the same decision (layout §5.6): a rate limit is the rateLimit* fields
// (cleared with real HDELs), "inactive" is isActive = false, errors are status = error.
internal static class LegacyAccountStatus
{
    // Written beside the relay's fields; it copies unknown fields through its rewrites.
    public const string RateLimitRemainingField = "rateLimitRemaining";

    private static readonly string[] s_rateLimitFields = ["rateLimitStatus", "rateLimitedAt", "rateLimitEndAt"];

    public static (IReadOnlyCollection<string> Removals, IReadOnlyDictionary<string, string> Changes) Changes(
        string status, AccountStatusUpdate? metadata, DateTimeOffset now)
    {
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyCollection<string> removals = [];
        switch (status)
        {
            case AccountStatus.Active:
                changes["status"] = AccountStatus.Active;
                changes["isActive"] = "true";
                changes["errorMessage"] = "";
                removals = s_rateLimitFields;
                break;
            case AccountStatus.RateLimited:
                changes["rateLimitStatus"] = "limited";
                changes["rateLimitedAt"] = JsValues.Iso(now);
                changes["rateLimitEndAt"] = JsValues.Iso(metadata?.RateLimitResetAt ?? now.AddHours(1));
                break;
            case AccountStatus.Error:
                changes["status"] = AccountStatus.Error;
                break;
            default:
                changes["isActive"] = "false";
                break;
        }

        if (metadata?.ErrorMessage is { } message)
        {
            changes["errorMessage"] = message;
        }

        if (metadata?.LastRequestAt is { } lastRequest)
        {
            changes["lastUsedAt"] = JsValues.Iso(lastRequest);
        }

        if (metadata?.RateLimitRemaining is { } remaining)
        {
            changes[RateLimitRemainingField] = JsValues.Number(remaining);
        }

        changes["updatedAt"] = JsValues.Iso(now);
        return (removals, changes);
    }
}
