using DataAccess.Accounts;
using DataAccess.Security;
using MigrationService.Backfill.Keys;

namespace MigrationService.Backfill.Mapping;

// How one legacy account family stores an account (layout §5.6-§5.8): its platform, its secret
// fields and their encryption, how it writes expiresAt and the last refresh, and how long a
// rate limit lasts when no end is stored.
internal sealed record AccountFamilySpec(
    string Platform,
    LegacySecretFamily? SecretFamily,
    IReadOnlyDictionary<string, SecretSlot> Secrets,
    ExpiryFormat Expiry,
    string LastRefreshField,
    string? PlatformField,
    bool RateLimitDurationField)
{
    public static AccountFamilySpec For(LegacyFamily family) => family switch
    {
        LegacyFamily.ClaudeAccount => new(
            AccountPlatform.Claude,
            LegacySecretFamily.ClaudeOAuth,
            Slots(("accessToken", SecretSlot.AccessToken), ("refreshToken", SecretSlot.RefreshToken), ("email", SecretSlot.Other), ("password", SecretSlot.Other), ("claudeAiOauth", SecretSlot.Other)),
            ExpiryFormat.EpochMilliseconds,
            "lastRefreshAt",
            PlatformField: null,
            RateLimitDurationField: false),
        LegacyFamily.OpenAiAccount => new(
            AccountPlatform.OpenAi,
            LegacySecretFamily.OpenAI,
            Slots(("idToken", SecretSlot.IdToken), ("accessToken", SecretSlot.AccessToken), ("refreshToken", SecretSlot.RefreshToken), ("openaiOauth", SecretSlot.Other), ("email", SecretSlot.Other)),
            ExpiryFormat.Iso,
            "lastRefresh",
            PlatformField: null,
            RateLimitDurationField: false),
        LegacyFamily.ClaudeConsoleAccount => new(
            AccountPlatform.ClaudeConsole,
            LegacySecretFamily.ClaudeConsole,
            Slots(("apiKey", SecretSlot.AccessToken)),
            ExpiryFormat.None,
            "lastRefreshAt",
            PlatformField: "platform",
            RateLimitDurationField: true),
        LegacyFamily.GeminiAccount => new(
            AccountPlatform.Gemini,
            LegacySecretFamily.Gemini,
            Slots(("accessToken", SecretSlot.AccessToken), ("refreshToken", SecretSlot.RefreshToken), ("geminiOauth", SecretSlot.Other)),
            ExpiryFormat.Iso,
            "lastRefreshAt",
            PlatformField: "platform",
            RateLimitDurationField: false),
        LegacyFamily.BedrockAccount => new(
            AccountPlatform.Bedrock,
            SecretFamily: null,
            Slots(("awsCredentials", SecretSlot.Other)),
            ExpiryFormat.None,
            "lastRefreshAt",
            PlatformField: "type",
            RateLimitDurationField: false),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "not an account family"),
    };

    private static Dictionary<string, SecretSlot> Slots(params (string Field, SecretSlot Slot)[] slots) =>
        slots.ToDictionary(slot => slot.Field, slot => slot.Slot, StringComparer.Ordinal);
}
