namespace AppHost.Hosting.Testing;

/// <summary>
/// A test run's state and volumes directory: deleted with the app. Enterable by other accounts,
/// because the PostgreSQL server may run as one (see PostgresServerAccount).
/// </summary>
internal sealed class ThrowawayDirectory : IDisposable
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public ThrowawayDirectory()
    {
        Path = Directory.CreateTempSubdirectory("apphost-test-").FullName;
        File.SetUnixFileMode(Path, Traversable);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
