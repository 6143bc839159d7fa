using Microsoft.Extensions.Configuration;

namespace AppHost.Hosting;

/// <summary>
/// Where the AppHost keeps what outlives a run: generated parameter values (the state directory)
/// and the servers' data volumes. Both can be moved with configuration, which tests do to use
/// throwaway directories.
/// </summary>
internal sealed class AppHostDirectories(IConfiguration configuration)
{
    public const string StateDirectoryKey = "AppHost:StateDirectory";
    public const string VolumesDirectoryKey = "AppHost:VolumesDirectory";
    private const string ApplicationDirectoryName = "relay-apphost";

    /// <summary>Default: <c>$XDG_DATA_HOME/relay-apphost</c>, that is <c>~/.local/share/relay-apphost</c>.</summary>
    public string State => configuration[StateDirectoryKey]
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), ApplicationDirectoryName);

    /// <summary>
    /// Default: <c>{state}/volumes</c>, but <c>/var/lib/relay-apphost/volumes</c> for root: PostgreSQL
    /// refuses to run as root, and the account it runs as instead cannot enter root's home.
    /// </summary>
    public string Volumes => configuration[VolumesDirectoryKey]
        ?? (Environment.IsPrivilegedProcess
            ? Path.Combine("/var/lib", ApplicationDirectoryName, "volumes")
            : Path.Combine(State, "volumes"));

    public string ParameterFile => Path.Combine(State, "parameters.json");
}
