using Microsoft.Extensions.Logging;

namespace AppHost.LocalServers;

/// <summary>
/// Finds redis-server, installing Debian's package on first use when the AppHost may (it runs
/// as root), as Aspire pulls a container image on first use.
/// </summary>
internal static class RedisServerInstallation
{
    public const string Program = "redis-server";

    // Where Debian's package puts it; used as the command when it is not installed yet.
    public const string PackagedPath = "/usr/bin/redis-server";

    public static string PathOrPackaged() => ExecutableSearch.Find(Program) ?? PackagedPath;

    public static async Task EnsureInstalledAsync(string command, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(command))
        {
            return;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new DistributedApplicationException(
                $"{Program} is not installed: install it with 'sudo apt-get install {Program}', run the AppHost as root once, use Docker or Podman, or set ConnectionStrings__redis.");
        }

        logger.LogInformation("{Program} is not installed; installing Debian's package with apt-get (first run only)", Program);
        var noninteractive = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await CommandRunner.RunAsync("apt-get", ["update", "-qq"], logger, cancellationToken, environment: noninteractive);
        await CommandRunner.RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", Program], logger, cancellationToken, environment: noninteractive);
        if (!File.Exists(command))
        {
            throw new DistributedApplicationException($"apt-get installed {Program}, but {command} does not exist.");
        }
    }
}
