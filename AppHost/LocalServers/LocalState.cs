using Microsoft.Extensions.Configuration;

namespace AppHost.LocalServers;

/// <summary>
/// Where the local servers keep what outlives a run (PostgreSQL's data directory, Redis's
/// configuration file). <c>AppHost:StateDirectory</c> moves it, which the tests do for a fresh
/// state per run.
/// </summary>
internal static class LocalState
{
    public const string DirectoryKey = "AppHost:StateDirectory";
    private const string ApplicationDirectoryName = "relay-apphost";

    // Default: ~/.local/share/relay-apphost, but /var/lib/relay-apphost for root: PostgreSQL
    // refuses to run as root, and the account it runs as instead cannot enter root's home.
    public static string Directory(IConfiguration configuration) =>
        configuration[DirectoryKey]
        ?? (Environment.IsPrivilegedProcess
            ? Path.Combine("/var/lib", ApplicationDirectoryName)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), ApplicationDirectoryName));
}
