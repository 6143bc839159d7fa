namespace DataAccess.Security;

// The scrypt salt of each legacy account family, as written in claude-relay-service.
public static class LegacySecretSalts
{
    public const string ClaudeOAuth = "salt";
    public const string OpenAI = "openai-account-salt";
    public const string ClaudeConsole = "claude-console-salt";
    public const string Gemini = "gemini-account-salt";
    public const string AzureOpenAI = "azure-openai-account-default-salt";
    public const string Ccr = "ccr-account-salt";
    public const string OpenAIResponses = "openai-responses-salt";
    public const string GeminiApi = "gemini-api-salt";

    public static string For(LegacySecretFamily family) => family switch
    {
        LegacySecretFamily.ClaudeOAuth => ClaudeOAuth,
        LegacySecretFamily.OpenAI => OpenAI,
        LegacySecretFamily.ClaudeConsole => ClaudeConsole,
        LegacySecretFamily.Gemini => Gemini,
        LegacySecretFamily.AzureOpenAI => AzureOpenAI,
        LegacySecretFamily.Ccr => Ccr,
        LegacySecretFamily.OpenAIResponses => OpenAIResponses,
        LegacySecretFamily.GeminiApi => GeminiApi,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown legacy secret family."),
    };
}
