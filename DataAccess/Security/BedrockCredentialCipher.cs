using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataAccess.Security;

// The Bedrock account's own recipe, unlike the other families: the key is the plain SHA-256
// of the encryption key, and the AWS credentials JSON is stored as {encrypted, iv}.
public sealed class BedrockCredentialCipher
{
    private readonly Lazy<byte[]> _key;

    public BedrockCredentialCipher(SecuritySettings settings)
    {
        _key = new(() => DeriveKey(settings.EncryptionKey));
    }

    public EncryptedBedrockCredentials Encrypt(string credentialsJson) =>
        Encrypt(credentialsJson, RandomNumberGenerator.GetBytes(AesCbc.IvSize));

    internal EncryptedBedrockCredentials Encrypt(string credentialsJson, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(credentialsJson);
        var ciphertext = AesCbc.Encrypt(_key.Value, iv, Encoding.UTF8.GetBytes(credentialsJson));
        return new EncryptedBedrockCredentials(Convert.ToHexStringLower(ciphertext), Convert.ToHexStringLower(iv));
    }

    // Hex is read the way Node reads it, so whatever the legacy service could decrypt
    // decrypts here too.
    public string Decrypt(EncryptedBedrockCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var iv = NodeHex.DecodeLikeBuffer(credentials.Iv);
        if (NodeHex.TryDecodeLikeCipherUpdate(credentials.Encrypted, out var ciphertext)
            && AesCbc.TryDecrypt(_key.Value, iv, ciphertext, out var plaintext))
        {
            return Encoding.UTF8.GetString(plaintext);
        }

        throw new SecretDecryptionException("The Bedrock credentials could not be decrypted with the configured encryption key.");
    }

    // Returns the credentials JSON from a stored awsCredentials value: decrypted when it has
    // non-empty encrypted and iv strings, as it is when it is an older plain object with an
    // accessKeyId.
    public string ReadCredentialsJson(JsonElement awsCredentials)
    {
        if (awsCredentials.ValueKind == JsonValueKind.Object)
        {
            if (NonEmptyString(awsCredentials, "encrypted") is { } encrypted
                && NonEmptyString(awsCredentials, "iv") is { } iv)
            {
                return Decrypt(new EncryptedBedrockCredentials(encrypted, iv));
            }

            if (NonEmptyString(awsCredentials, "accessKeyId") is not null)
            {
                return awsCredentials.GetRawText();
            }
        }

        throw new SecretDecryptionException("The stored Bedrock credentials are neither encrypted nor a plain object with an accessKeyId.");
    }

    internal static byte[] DeriveKey(string encryptionKey) => SHA256.HashData(Encoding.UTF8.GetBytes(encryptionKey));

    private static string? NonEmptyString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
                ? text
                : null;
}
