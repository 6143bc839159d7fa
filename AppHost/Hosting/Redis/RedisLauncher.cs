using AppHost.Hosting.Processes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Redis;

/// <summary>
/// Runs redis-server on localhost with the resource's password, keeping nothing on disk, as
/// Aspire's Redis container without a data volume.
/// </summary>
internal static class RedisLauncher
{
    public static async Task<ProcessSpec> PrepareAsync(RedisResource redis, ILogger logger, CancellationToken cancellationToken)
    {
        var server = await RedisServerInstallation.EnsureInstalledAsync(logger, cancellationToken);
        var directory = Directory.CreateTempSubdirectory($"apphost-{redis.Name}-").FullName;

        // The configuration, password included, goes in on standard input ("redis-server -"), so
        // the password is in no file and not on the command line for everyone's ps to show.
        // "-::1": listen on IPv6 loopback too, where the machine has one.
        var configuration = $"""
            port {redis.PrimaryEndpoint.Port}
            bind 127.0.0.1 -::1
            requirepass {Quote(redis.PasswordParameter.Value)}
            save ""
            appendonly no
            dir {Quote(directory)}
            """;
        return new ProcessSpec(server, ["-"])
        {
            StandardInput = configuration,
            WorkingDirectory = directory,
            ThrowawayDirectory = directory,
        };
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
