using Microsoft.Extensions.Logging;

namespace AppHost.LocalServers;

/// <summary>
/// Creates the server's data directory with initdb on first run; later runs find it and keep
/// its data, as a container's data volume would.
/// </summary>
internal static class PostgresDataDirectory
{
    public static async Task EnsureInitializedAsync(LocalPostgresServerResource server, string binDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        await CreateOwnedDirectoryAsync(server.DataDirectory, logger, cancellationToken);
        logger.LogInformation("Creating the PostgreSQL data directory {DataDirectory} (first run)", server.DataDirectory);
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken)
            ?? throw new DistributedApplicationException($"Parameter {server.PasswordParameter.Name} has no value.");

        // The password goes in through a file only the server account can read, deleted at once,
        // so it is on no command line. (Standard input will not do: after setpriv the account
        // may not open the AppHost's pipe.)
        var passwordFile = Path.Combine(Path.GetDirectoryName(server.DataDirectory)!, "initdb-password");
        await CreateOwnedFileAsync(passwordFile, logger, cancellationToken);
        try
        {
            await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken);
            var (command, prefix) = ServerAccount.Wrap(Path.Combine(binDirectory, "initdb"));
            await CommandRunner.RunAsync(
                command,
                [.. prefix, "--pgdata", server.DataDirectory, "--username", LocalPostgresServerResource.UserName, $"--pwfile={passwordFile}",
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"],
                logger, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task CreateOwnedFileAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        if (!ServerAccount.SwitchesUser)
        {
            await File.WriteAllTextAsync(path, "", cancellationToken);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return;
        }

        await CommandRunner.RunAsync(
            "install", ["-m", "600", "-o", ServerAccount.UserName, "-g", ServerAccount.UserName, "/dev/null", path], logger, cancellationToken);
    }

    private static async Task CreateOwnedDirectoryAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (!ServerAccount.SwitchesUser)
        {
            Directory.CreateDirectory(path, OwnerOnly);
            return;
        }

        // The server account must be able to pass through the directories above its own.
        var parent = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);

        // .NET cannot change a file's owner; coreutils' install can.
        await CommandRunner.RunAsync(
            "install", ["-d", "-m", "700", "-o", ServerAccount.UserName, "-g", ServerAccount.UserName, path], logger, cancellationToken);
    }
}
