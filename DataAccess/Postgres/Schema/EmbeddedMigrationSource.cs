using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace DataAccess.Postgres.Schema;

/// <summary>
/// The migrations compiled into this assembly: every <c>Postgres/Schema/Migrations/NNNN_name.sql</c>
/// file, embedded as the resource <c>Migrations.NNNN_name.sql</c> (see DataAccess.csproj).
/// </summary>
public sealed partial class EmbeddedMigrationSource : IMigrationSource
{
    private const string ResourcePrefix = "Migrations.";

    private readonly Assembly _assembly = typeof(EmbeddedMigrationSource).Assembly;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A migration resource is not named <c>NNNN_name.sql</c>.</exception>
    public IReadOnlyList<Migration> LoadMigrations() =>
        _assembly.GetManifestResourceNames()
            .Where(resourceName => resourceName.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(Load)
            .ToList();

    private Migration Load(string resourceName)
    {
        // A misnamed file would otherwise be skipped without a word, and its change never applied.
        var match = ResourceNamePattern().Match(resourceName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"The embedded migration '{resourceName}' is not named like 'Migrations.0001_lower_case_name.sql'.");
        }

        var version = int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return Migration.FromScript(version, match.Groups["name"].Value, ReadBytes(resourceName));
    }

    private byte[] ReadBytes(string resourceName)
    {
        using var stream = _assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{resourceName}' could not be opened.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    [GeneratedRegex(@"^Migrations\.(?<version>[0-9]{4})_(?<name>[a-z0-9]+(?:_[a-z0-9]+)*)\.sql$")]
    private static partial Regex ResourceNamePattern();
}
