using System.Security.Cryptography;
using System.Text;

namespace DataAccess.Security;

// The at-rest format of account secrets in PostgreSQL: AES-256-GCM under a key derived from
// the encryption key with HKDF. Layout: version (1) | 12-byte nonce | ciphertext | 16-byte tag.
// The caller's context (for example the account id) is authenticated as associated data, so
// a secret copied into another row does not decrypt there.
public sealed class AccountSecretProtector
{
    private const byte FormatVersion = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize;

    // Binding the purpose and version into the key keeps it apart from every other use of
    // the encryption key, including the legacy recipes.
    private static readonly byte[] KeyInfo = "crs-data-platform/account-secrets/v1"u8.ToArray();

    private readonly Lazy<byte[]> _key;

    public AccountSecretProtector(SecuritySettings settings)
    {
        _key = new(() => HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.EncryptionKeyBytes, KeySize, info: KeyInfo));
    }

    public byte[] Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Protect(Encoding.UTF8.GetBytes(plaintext), context);
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string context)
    {
        ArgumentException.ThrowIfNullOrEmpty(context);
        var output = new byte[HeaderSize + plaintext.Length + TagSize];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            output.AsSpan(HeaderSize, plaintext.Length),
            output.AsSpan(HeaderSize + plaintext.Length),
            Encoding.UTF8.GetBytes(context));
        return output;
    }

    public string UnprotectString(ReadOnlySpan<byte> protectedData, string context) =>
        Encoding.UTF8.GetString(Unprotect(protectedData, context));

    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, string context)
    {
        ArgumentException.ThrowIfNullOrEmpty(context);
        if (protectedData.Length < HeaderSize + TagSize)
        {
            throw new SecretDecryptionException("The protected secret is too short to be valid.");
        }

        if (protectedData[0] != FormatVersion)
        {
            throw new SecretDecryptionException(
                $"The protected secret has format version {protectedData[0]}; only version {FormatVersion} is supported.");
        }

        var ciphertextLength = protectedData.Length - HeaderSize - TagSize;
        var plaintext = new byte[ciphertextLength];
        using var aes = new AesGcm(_key.Value, TagSize);
        try
        {
            aes.Decrypt(
                protectedData.Slice(1, NonceSize),
                protectedData.Slice(HeaderSize, ciphertextLength),
                protectedData[(HeaderSize + ciphertextLength)..],
                plaintext,
                Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new SecretDecryptionException(
                "The protected secret failed authentication: it was altered, or was protected under another key or context.",
                exception);
        }

        return plaintext;
    }
}
