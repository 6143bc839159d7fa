using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DataAccess.Security;

// Lowercase hex SHA-256 of a text's UTF-8 bytes: the digest every legacy hash recipe uses.
internal static class Sha256Hex
{
    private const int StackLimit = 512;

    public static string Of(ReadOnlySpan<char> text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var rented = byteCount > StackLimit ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        Span<byte> utf8 = rented is null ? stackalloc byte[StackLimit] : rented;
        utf8 = utf8[..byteCount];
        try
        {
            Encoding.UTF8.GetBytes(text, utf8);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8, digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            // The text can hold the encryption key, and pooled buffers go on to other code.
            CryptographicOperations.ZeroMemory(utf8);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
