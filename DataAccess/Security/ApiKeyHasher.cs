namespace DataAccess.Security;

// The legacy API-key hash: SHA-256 over the plain key (prefix included) immediately followed
// by the encryption key, as lowercase hex. It is both the stored value and the lookup key of
// apikey:hash_map, so it must match claude-relay-service bit for bit.
public sealed class ApiKeyHasher(SecuritySettings settings)
{
    public string Hash(string plainKey)
    {
        ArgumentNullException.ThrowIfNull(plainKey);
        return Sha256Hex.Of(string.Concat(plainKey, settings.EncryptionKey));
    }
}
