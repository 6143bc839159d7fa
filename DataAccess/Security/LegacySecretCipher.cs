using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DataAccess.Security;

// The legacy account-secret format "<32 hex IV>:<hex ciphertext>": AES-256-CBC under
// scrypt(encryption key, family salt), with "" standing for an empty secret. Decryption
// copies how each legacy service treats values it cannot decrypt, so that migrated data
// reads back exactly as claude-relay-service read it.
public sealed partial class LegacySecretCipher
{
    private const int IvHexLength = 2 * AesCbc.IvSize;
    private const int KeySize = 32;

    private readonly SecuritySettings _settings;
    private readonly ConcurrentDictionary<LegacySecretFamily, Lazy<byte[]>> _scryptKeys = new();
    private readonly Lazy<(byte[] Key, byte[] Iv)> _passwordKey;

    public LegacySecretCipher(SecuritySettings settings)
    {
        _settings = settings;
        _passwordKey = new(() => OpenSslBytesToKey.DeriveAes256Cbc(settings.EncryptionKeyBytes));
    }

    public string Encrypt(LegacySecretFamily family, string? plaintext) =>
        Encrypt(family, plaintext, RandomNumberGenerator.GetBytes(AesCbc.IvSize));

    internal string Encrypt(LegacySecretFamily family, string? plaintext, ReadOnlySpan<byte> iv)
    {
        if (string.IsNullOrEmpty(plaintext))
        {
            return string.Empty;
        }

        var ciphertext = AesCbc.Encrypt(ScryptKey(family), iv, Encoding.UTF8.GetBytes(plaintext));
        return $"{Convert.ToHexStringLower(iv)}:{Convert.ToHexStringLower(ciphertext)}";
    }

    // Each legacy service handled undecryptable values its own way:
    // - Claude OAuth: a value with exactly one colon is in the current format; any other value
    //   may predate the IV and is tried with the password-based createDecipher scheme. What
    //   cannot be decrypted is returned as stored.
    // - Claude Console: only values with exactly one colon are decrypted; failures are
    //   returned as stored.
    // - OpenAI and Gemini: the colon is never looked for, and failures become "".
    // The families added after the reference commit follow the nearest of these rules; their
    // own code differs from it only on malformed values that no encryptor writes.
    public string Decrypt(LegacySecretFamily family, string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return string.Empty;
        }

        return family switch
        {
            LegacySecretFamily.ClaudeOAuth => HasExactlyOneColon(stored)
                ? DecryptAtColon(family, stored) ?? stored
                : DecryptWithPasswordKey(stored) ?? stored,
            LegacySecretFamily.ClaudeConsole or LegacySecretFamily.Ccr => HasExactlyOneColon(stored)
                ? DecryptAtColon(family, stored) ?? stored
                : stored,
            LegacySecretFamily.OpenAI => DecryptOpenAI(stored),
            _ => DecryptAtFixedOffsets(family, stored) ?? string.Empty,
        };
    }

    // Node's deprecated crypto.createDecipher, reading the whole value as hex.
    private string? DecryptWithPasswordKey(string stored)
    {
        var (key, iv) = _passwordKey.Value;
        return NodeHex.TryDecodeLikeCipherUpdate(stored, out var ciphertext)
            && AesCbc.TryDecrypt(key, iv, ciphertext, out var plaintext)
                ? Encoding.UTF8.GetString(plaintext)
                : null;
    }

    // At the reference commit a token refresh encrypted new OpenAI tokens twice, so a
    // decrypted value that is itself in the stored format is decrypted again.
    private string DecryptOpenAI(string stored)
    {
        var plaintext = DecryptAtFixedOffsets(LegacySecretFamily.OpenAI, stored);
        if (plaintext is null)
        {
            return string.Empty;
        }

        while (LooksEncrypted().IsMatch(plaintext)
            && DecryptAtFixedOffsets(LegacySecretFamily.OpenAI, plaintext) is { } inner)
        {
            plaintext = inner;
        }

        return plaintext;
    }

    private string? DecryptAtColon(LegacySecretFamily family, string stored)
    {
        var colon = stored.IndexOf(':');
        var iv = NodeHex.DecodeLikeBuffer(stored.AsSpan(0, colon));
        return NodeHex.TryDecodeLikeCipherUpdate(stored.AsSpan(colon + 1), out var ciphertext)
            ? TryDecrypt(family, iv, ciphertext)
            : null;
    }

    // The IV is the first 32 characters and the ciphertext starts at the 34th, whatever
    // character sits between them.
    private string? DecryptAtFixedOffsets(LegacySecretFamily family, string stored)
    {
        var text = stored.AsSpan();
        var iv = NodeHex.DecodeLikeBuffer(text[..Math.Min(IvHexLength, text.Length)]);
        var ciphertext = NodeHex.DecodeLikeBuffer(text.Length > IvHexLength + 1 ? text[(IvHexLength + 1)..] : []);
        return TryDecrypt(family, iv, ciphertext);
    }

    private string? TryDecrypt(LegacySecretFamily family, byte[] iv, byte[] ciphertext) =>
        AesCbc.TryDecrypt(ScryptKey(family), iv, ciphertext, out var plaintext)
            ? Encoding.UTF8.GetString(plaintext)
            : null;

    private byte[] ScryptKey(LegacySecretFamily family) =>
        _scryptKeys.GetOrAdd(family, static (family, settings) => new Lazy<byte[]>(() => Scrypt.DeriveKey(
            settings.EncryptionKeyBytes,
            Encoding.UTF8.GetBytes(LegacySecretSalts.For(family)),
            Scrypt.NodeDefaultCost,
            Scrypt.NodeDefaultBlockSize,
            Scrypt.NodeDefaultParallelism,
            KeySize)), _settings).Value;

    private static bool HasExactlyOneColon(string text)
    {
        var colon = text.IndexOf(':');
        return colon >= 0 && text.IndexOf(':', colon + 1) < 0;
    }

    // \z rather than $, which would also accept a trailing newline.
    [GeneratedRegex(@"^[0-9a-f]{32}:[0-9a-f]+\z")]
    private static partial Regex LooksEncrypted();
}
