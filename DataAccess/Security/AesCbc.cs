using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DataAccess.Security;

// AES-256-CBC with PKCS#7 padding, the cipher of every legacy secret format.
internal static class AesCbc
{
    public const int IvSize = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        using var aes = Aes.Create();
        aes.SetKey(key);
        return aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
    }

    // Fails where OpenSSL fails: a wrong IV length, a ciphertext that is empty or not whole
    // blocks, or bad padding (which is how a wrong key usually shows).
    public static bool TryDecrypt(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> ciphertext,
        [NotNullWhen(true)] out byte[]? plaintext)
    {
        plaintext = null;
        if (iv.Length != IvSize || ciphertext.IsEmpty || ciphertext.Length % IvSize != 0)
        {
            return false;
        }

        using var aes = Aes.Create();
        aes.SetKey(key);
        try
        {
            plaintext = aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
