using System.Text.Json;
using System.Text.RegularExpressions;
using DataAccess.Security;
using MigrationService.Backfill.Reporting;

namespace MigrationService.Backfill.Mapping;

// Decrypts legacy account secrets with each family's rules (layout §4.2, §4.3), OpenAI's
// repeated decryption included. A value that does not decrypt is kept as stored and reported:
// the legacy services that return "" for such values would lose it.
internal sealed partial class AccountSecretReader(LegacySecretCipher cipher, BedrockCredentialCipher bedrock)
{
    public string Read(LegacySecretFamily family, string field, string stored, string key, PageTally tally)
    {
        if (stored.Length == 0)
        {
            return stored;
        }

        var plaintext = cipher.Decrypt(family, stored);
        var failed = family is LegacySecretFamily.ClaudeOAuth or LegacySecretFamily.ClaudeConsole
            ? plaintext == stored && LooksEncrypted().IsMatch(stored)
            : plaintext.Length == 0;
        if (!failed)
        {
            return plaintext;
        }

        tally.Problem(ProblemKind.Undecryptable, key, $"{field} does not decrypt with the configured encryption key; kept as stored");
        return stored;
    }

    // awsCredentials inside a Bedrock document: {encrypted, iv}, or an older plain object.
    public string ReadBedrock(JsonElement credentials, string key, PageTally tally)
    {
        try
        {
            return bedrock.ReadCredentialsJson(credentials);
        }
        catch (SecretDecryptionException exception)
        {
            tally.Problem(ProblemKind.Undecryptable, key, $"awsCredentials: {exception.Message} Kept as stored");
            return credentials.GetRawText();
        }
    }

    [GeneratedRegex(@"^[0-9a-f]{32}:[0-9a-f]+\z")]
    private static partial Regex LooksEncrypted();
}
