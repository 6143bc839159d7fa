namespace AppHost.Tests.Support;

// A throwaway AppHost:StateDirectory. Open to others for traversal only: as root the AppHost
// runs PostgreSQL as the postgres account, which must reach the data directory inside.
public sealed class StateDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("apphost-state-");

    public StateDirectory() =>
        File.SetUnixFileMode(_directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);

    public string Path => _directory.FullName;

    public void Dispose() => _directory.Delete(recursive: true);
}
