using System.Text.Json;

namespace AppHost.Hosting.Parameters;

/// <summary>
/// Generated parameter values kept between runs, as Aspire keeps them in the AppHost's user
/// secrets: one JSON object of <c>"Parameters:{name}"</c> keys, readable only by its owner.
/// </summary>
internal sealed class ParameterStore(string path)
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions s_writeOptions = new() { WriteIndented = true };

    // Every parameter of the app goes through the same file.
    private static readonly Lock s_fileLock = new();

    public string Path { get; } = path;

    /// <summary>The stored value of <paramref name="key"/>, or a new one from <paramref name="create"/>, stored first.</summary>
    public string GetOrAdd(string key, Func<string> create)
    {
        lock (s_fileLock)
        {
            var values = Read();
            if (values.TryGetValue(key, out var stored))
            {
                return stored;
            }

            var created = create();
            values[key] = created;
            Write(values);
            return created;
        }
    }

    private Dictionary<string, string> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var file = File.OpenRead(Path);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(file) ?? [];
    }

    // Written whole to a new file that then replaces the old one, so a crash never leaves half a file.
    private void Write(Dictionary<string, string> values)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!, OwnerOnlyDirectory);
        var next = Path + ".new";
        using (var file = new FileStream(next, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
        {
            JsonSerializer.Serialize(file, values, s_writeOptions);
        }

        File.Move(next, Path, overwrite: true);
    }
}
