using System.Text;
using Microsoft.Extensions.Configuration;

namespace DataAccess.Security;

// The two settings shared with claude-relay-service. Both must equal the legacy deployment's
// values, or its stored API-key hashes and account secrets cannot be read.
public sealed class SecuritySettings
{
    public const string EncryptionKeySetting = "Security:EncryptionKey";
    public const string LegacyEncryptionKeyVariable = "ENCRYPTION_KEY";
    public const string ApiKeyPrefixSetting = "Security:ApiKeyPrefix";
    public const string LegacyApiKeyPrefixVariable = "API_KEY_PREFIX";
    public const string DefaultApiKeyPrefix = "cr_";

    private readonly string? _encryptionKey;

    // The legacy service fell back to a published default key when none was set; we refuse
    // instead, but only when the key is first needed, so that hosts which never touch
    // secrets still start without one.
    public SecuritySettings(string? encryptionKey, string? apiKeyPrefix = null)
    {
        _encryptionKey = string.IsNullOrEmpty(encryptionKey) ? null : encryptionKey;
        ApiKeyPrefix = string.IsNullOrEmpty(apiKeyPrefix) ? DefaultApiKeyPrefix : apiKeyPrefix;
    }

    public string ApiKeyPrefix { get; }

    public bool HasEncryptionKey => _encryptionKey is not null;

    internal string EncryptionKey => _encryptionKey ?? throw new InvalidOperationException(
        $"No encryption key is configured. Set '{EncryptionKeySetting}' or the environment variable " +
        $"'{LegacyEncryptionKeyVariable}' to the ENCRYPTION_KEY of the claude-relay-service deployment " +
        "whose data this service reads.");

    internal byte[] EncryptionKeyBytes => Encoding.UTF8.GetBytes(EncryptionKey);

    // In ASP.NET Core and generic hosts, environment variables are part of the configuration,
    // so the legacy variables are found there without reading the environment directly.
    public static SecuritySettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new SecuritySettings(
            FirstNonEmpty(configuration[EncryptionKeySetting], configuration[LegacyEncryptionKeyVariable]),
            FirstNonEmpty(configuration[ApiKeyPrefixSetting], configuration[LegacyApiKeyPrefixVariable]));
    }

    public override string ToString() =>
        $"SecuritySettings {{ ApiKeyPrefix = {ApiKeyPrefix}, EncryptionKey = {(HasEncryptionKey ? "(set)" : "(not set)")} }}";

    private static string? FirstNonEmpty(string? preferred, string? fallback) =>
        string.IsNullOrEmpty(preferred) ? fallback : preferred;
}
