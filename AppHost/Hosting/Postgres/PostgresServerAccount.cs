using AppHost.Hosting.Processes;
using Microsoft.Extensions.Logging;

namespace AppHost.Hosting.Postgres;

/// <summary>
/// The account the server runs as. PostgreSQL refuses to run as root, so when the AppHost is root
/// the server runs as the <c>postgres</c> account the Debian packages create; otherwise as the
/// AppHost's own user.
/// </summary>
internal sealed class PostgresServerAccount
{
    private const string SystemAccount = "postgres";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private PostgresServerAccount(string? userName) => UserName = userName;

    public static PostgresServerAccount Current { get; } = new(Environment.IsPrivilegedProcess ? SystemAccount : null);

    /// <summary>The account to switch to, or null to stay the AppHost's user.</summary>
    public string? UserName { get; }

    /// <summary>Creates <paramref name="path"/> if needed, owned by the account and closed to everyone else.</summary>
    public async Task CreateDirectoryAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        if (UserName is null)
        {
            Directory.CreateDirectory(path, OwnerOnly);
            return;
        }

        // .NET cannot change a file's owner, so coreutils' install does it.
        await ResourceProcess.RunToCompletionAsync(
            new ProcessSpec("install", ["-d", "-m", "700", "-o", UserName, "-g", UserName, path]), logger, cancellationToken);
    }
}
