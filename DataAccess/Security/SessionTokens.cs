using System.Security.Cryptography;

namespace DataAccess.Security;

// Session tokens are 64 lowercase hex characters (32 random bytes). Only their SHA-256 is
// stored; a plain hash is enough because the tokens themselves carry 256 bits of entropy.
public static class SessionTokens
{
    private const int RandomByteCount = 32;

    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomByteCount));

    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Sha256Hex.Of(token);
    }
}
