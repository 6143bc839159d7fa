using System.Security.Cryptography;

namespace DataAccess.Security;

// Plain API keys in the legacy shape: the configured prefix and 64 lowercase hex characters
// from 32 random bytes.
public sealed class ApiKeyGenerator(SecuritySettings settings)
{
    private const int RandomByteCount = 32;

    public string Generate() =>
        settings.ApiKeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomByteCount));

    // Like the legacy validateApiKey, only the prefix is checked; the hash lookup decides the
    // rest, and a stricter check would turn away keys that claude-relay-service accepts.
    public bool LooksLikeApiKey(string? candidate) =>
        candidate is not null && candidate.StartsWith(settings.ApiKeyPrefix, StringComparison.Ordinal);
}
