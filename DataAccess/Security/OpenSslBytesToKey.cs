using System.Security.Cryptography;

namespace DataAccess.Security;

// OpenSSL's EVP_BytesToKey with MD5, one iteration and no salt: the key and IV that Node's
// deprecated crypto.createDecipher('aes-256-cbc', password) derives from a password. The
// oldest Claude account secrets were written that way.
internal static class OpenSslBytesToKey
{
    private const int KeySize = 32;

    public static (byte[] Key, byte[] Iv) DeriveAes256Cbc(ReadOnlySpan<byte> password)
    {
        var material = new byte[KeySize + AesCbc.IvSize];
        var previous = ReadOnlySpan<byte>.Empty;
        var input = new byte[MD5.HashSizeInBytes + password.Length];
        for (var filled = 0; filled < material.Length; filled += MD5.HashSizeInBytes)
        {
            // Each digest covers the previous digest followed by the password.
            previous.CopyTo(input);
            password.CopyTo(input.AsSpan(previous.Length));
            MD5.HashData(input.AsSpan(0, previous.Length + password.Length), material.AsSpan(filled));
            previous = material.AsSpan(filled, MD5.HashSizeInBytes);
        }

        var derived = (material[..KeySize], material[KeySize..]);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(material);
        return derived;
    }
}
