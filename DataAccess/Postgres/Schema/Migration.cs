using System.Security.Cryptography;
using System.Text;

namespace DataAccess.Postgres.Schema;

/// <summary>
/// One versioned schema change: the SQL script and the checksum that identifies its content.
/// </summary>
/// <param name="Version">The number the migration is ordered and recorded by; versions run 1, 2, 3, ...</param>
/// <param name="Name">What the migration does, as in its file name (<c>initial_schema</c>).</param>
/// <param name="Sql">The script, run in one transaction.</param>
/// <param name="Checksum">SHA-256 of the script file's bytes, lowercase hex.</param>
public sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file-style name, <c>0001_initial_schema</c>, used in logs and messages.</summary>
    public string DisplayName => $"{Version:D4}_{Name}";

    /// <summary>
    /// Builds a migration from the bytes of its script file, which is what the checksum covers, so
    /// any edit (even to a comment or a line ending) changes it.
    /// </summary>
    public static Migration FromScript(int version, string name, byte[] script)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(script);

        var checksum = Convert.ToHexStringLower(SHA256.HashData(script));
        return new Migration(version, name, DecodeUtf8(script), checksum);
    }

    // A byte order mark would reach PostgreSQL as part of the first statement and break it.
    private static string DecodeUtf8(byte[] script)
    {
        ReadOnlySpan<byte> body = script;
        var preamble = Encoding.UTF8.Preamble;
        if (body.StartsWith(preamble))
        {
            body = body[preamble.Length..];
        }

        return StrictUtf8.GetString(body);
    }
}
