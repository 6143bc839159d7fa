using AppHost.Hosting.Processes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Postgres;

/// <summary>
/// The server's data directory: created with initdb on first use, as the postgres container
/// image does, with the superuser's password set and password authentication required.
/// </summary>
internal sealed class PostgresCluster(string directory, string binDirectory, PostgresServerAccount account)
{
    public string DataDirectory => Path.Combine(directory, "data");

    public async Task EnsureCreatedAsync(PostgresServerResource server, ILogger logger, CancellationToken cancellationToken)
    {
        await account.CreateDirectoryAsync(directory, logger, cancellationToken);
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await LeftoverServer.StopAsync(DataDirectory, logger, cancellationToken);
            return;
        }

        HostingLog.CreatingCluster(logger, DataDirectory);

        // initdb writes into a directory of its own that becomes the data directory only once
        // complete, so an interrupted first run is simply done again.
        var initializing = DataDirectory + ".initializing";
        if (Directory.Exists(initializing))
        {
            Directory.Delete(initializing, recursive: true);
        }

        // The server's account must read this file; the directory around it is closed to everyone else.
        var passwordFile = Path.Combine(directory, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, server.PasswordParameter.Value, cancellationToken);
        try
        {
            await ResourceProcess.RunToCompletionAsync(
                new ProcessSpec(
                    Path.Combine(binDirectory, "initdb"),
                    ["-D", initializing, "-U", server.UserName, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-instructions"])
                {
                    UserName = account.UserName,
                    WorkingDirectory = directory,
                },
                logger,
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        Directory.Move(initializing, DataDirectory);
    }
}
