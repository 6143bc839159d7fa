using AppHost.Hosting.Processes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Postgres;

/// <summary>
/// Runs a PostgreSQL server as a private cluster of the local installation, listening on
/// localhost only. Its data lives in the resource's data volume, or in a throwaway directory.
/// </summary>
internal sealed class PostgresLauncher(AppHostDirectories directories)
{
    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public async Task<ProcessSpec> PrepareAsync(PostgresServerResource server, ILogger logger, CancellationToken cancellationToken)
    {
        var binDirectory = PostgresInstallation.BinDirectory();
        var account = PostgresServerAccount.Current;
        var (clusterDirectory, throwaway) = ClusterDirectory(server);
        var cluster = new PostgresCluster(clusterDirectory, binDirectory, account);
        await cluster.EnsureCreatedAsync(server, logger, cancellationToken);

        return new ProcessSpec(
            Path.Combine(binDirectory, "postgres"),
            [
                "-D", cluster.DataDirectory,
                "-p", server.PrimaryEndpoint.Port.ToString(),
                "-c", "listen_addresses=localhost",
                // TCP only: no socket files in the system's /var/run/postgresql.
                "-c", "unix_socket_directories=",
            ])
        {
            UserName = account.UserName,
            WorkingDirectory = clusterDirectory,
            StopSignal = UnixSignal.Interrupt,
            ThrowawayDirectory = throwaway,
        };
    }

    // The parent directories stay enterable (but not readable) for the server's account.
    private (string ClusterDirectory, string? Throwaway) ClusterDirectory(PostgresServerResource server)
    {
        if (server.Annotations.OfType<DataVolumeAnnotation>().LastOrDefault() is { } volume)
        {
            Directory.CreateDirectory(directories.Volumes, Traversable);
            return (Path.Combine(directories.Volumes, volume.Name), null);
        }

        var throwaway = Directory.CreateTempSubdirectory($"apphost-{server.Name}-").FullName;
        File.SetUnixFileMode(throwaway, Traversable);
        return (Path.Combine(throwaway, "cluster"), throwaway);
    }
}
