using System.Security.Cryptography;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>A random value, for passwords and tokens nobody has to choose.</summary>
public sealed class GenerateParameterDefault : ParameterDefault
{
    private const string LowerCharacters = "abcdefghijklmnopqrstuvwxyz";
    private const string UpperCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string NumericCharacters = "0123456789";

    // Only characters that need no escaping in a connection string, a URL or a shell.
    private const string SpecialCharacters = "-_.~";

    public int MinLength { get; init; } = 22;

    public bool Lower { get; init; } = true;

    public bool Upper { get; init; } = true;

    public bool Numeric { get; init; } = true;

    public bool Special { get; init; } = true;

    public override string GetDefaultValue()
    {
        var alphabet = string.Concat(
            Lower ? LowerCharacters : "",
            Upper ? UpperCharacters : "",
            Numeric ? NumericCharacters : "",
            Special ? SpecialCharacters : "");
        if (alphabet.Length == 0)
        {
            throw new InvalidOperationException("A generated parameter needs at least one kind of character.");
        }

        return RandomNumberGenerator.GetString(alphabet, MinLength);
    }
}
