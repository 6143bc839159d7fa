namespace DataAccess.Security;

// The legacy account families whose secrets are encrypted with the scrypt + AES-256-CBC
// recipe. Each has its own scrypt salt and, for historical reasons, its own decryption
// quirks; see LegacySecretCipher.
public enum LegacySecretFamily
{
    ClaudeOAuth,
    OpenAI,
    ClaudeConsole,
    Gemini,
    AzureOpenAI,
    Ccr,
    OpenAIResponses,
    GeminiApi,
}
