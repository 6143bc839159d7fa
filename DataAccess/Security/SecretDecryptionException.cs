using System.Security.Cryptography;

namespace DataAccess.Security;

// A stored secret could not be decrypted: it was altered, belongs to another record, was
// encrypted under another key, or is in a format this build does not know. The message
// never contains key material or plaintext.
public sealed class SecretDecryptionException : CryptographicException
{
    public SecretDecryptionException(string message)
        : base(message)
    {
    }

    public SecretDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
