using AppHost.Hosting.Processes;
using Aspire.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Redis;

/// <summary>
/// Finds redis-server, installing Debian's package on first use when the AppHost may, as Aspire
/// pulls the container image on first use.
/// </summary>
internal static class RedisServerInstallation
{
    private const string Program = "redis-server";

    // Two resources must not run apt-get at once.
    private static readonly SemaphoreSlim s_installing = new(1, 1);

    public static async Task<string> EnsureInstalledAsync(ILogger logger, CancellationToken cancellationToken)
    {
        await s_installing.WaitAsync(cancellationToken);
        try
        {
            if (Find() is { } installed)
            {
                return installed;
            }

            if (!Environment.IsPrivilegedProcess)
            {
                throw new DistributedApplicationException($"{Program} is not installed: install it with 'sudo apt-get install {Program}', or run the AppHost as root once.");
            }

            HostingLog.InstallingRedis(logger);
            var noninteractive = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            await ResourceProcess.RunToCompletionAsync(new ProcessSpec("apt-get", ["update", "-qq"]) { Environment = noninteractive }, logger, cancellationToken);
            await ResourceProcess.RunToCompletionAsync(
                new ProcessSpec("apt-get", ["install", "-y", "-qq", "--no-install-recommends", Program]) { Environment = noninteractive }, logger, cancellationToken);
            return Find() ?? throw new DistributedApplicationException($"apt-get installed {Program}, but it is not on the PATH.");
        }
        finally
        {
            s_installing.Release();
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Program))
            .FirstOrDefault(File.Exists);
}
