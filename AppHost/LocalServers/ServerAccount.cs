namespace AppHost.LocalServers;

/// <summary>
/// The account PostgreSQL runs as. It refuses to run as root, so when the AppHost is root the
/// server runs as the <c>postgres</c> account Debian's packages create, switched to with
/// setpriv: unlike runuser or su it replaces itself with the server, leaving no wrapper process
/// between DCP's stop signal and PostgreSQL.
/// </summary>
internal static class ServerAccount
{
    private const string SystemAccount = "postgres";

    public static bool SwitchesUser => Environment.IsPrivilegedProcess;

    public static string UserName => SwitchesUser ? SystemAccount : Environment.UserName;

    /// <summary>The program and arguments that run <paramref name="program"/> as the server account.</summary>
    public static (string Command, string[] Prefix) Wrap(string program) =>
        SwitchesUser
            ? ("setpriv", [$"--reuid={SystemAccount}", $"--regid={SystemAccount}", "--init-groups", "--", program])
            : (program, []);
}
