using System.Diagnostics;
using Npgsql;

namespace TestSupport;

// A PostgreSQL server of a test's own (initdb in a temporary directory, a free loopback
// port), for tests that crash or restart the server: the shared cluster must not be
// disturbed. PostgreSQL refuses to run as root, so as root the programs run as the
// `postgres` account through setpriv, which replaces itself with the program (the process
// started is the server itself), as AppHost/LocalServers does.
public sealed class PostgresServerProcess : IAsyncDisposable
{
    private const string Account = "postgres";
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _root;
    private readonly string _dataDirectory;
    private Process? _process;

    private PostgresServerProcess(int port, string root)
    {
        Port = port;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
    }

    public int Port { get; }

    // The superuser, trusted on loopback: the server lives only as long as the test.
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={Account};Database=postgres;Pooling=false";

    public static async Task<PostgresServerProcess> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("postgres-test-").FullName;
        var server = new PostgresServerProcess(RedisServerProcess.FreePort(), root);
        await server.InitializeAsync();
        await server.StartServerAsync();
        return server;
    }

    // A new database on this server with the given name, its connection string returned.
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return $"Host=127.0.0.1;Port={Port};Username={Account};Database={name}";
    }

    // Starts the server again after CrashAsync, on the same data directory and port: crash
    // recovery replays the WAL first.
    public Task RecoverAsync() => StartServerAsync();

    private async Task StartServerAsync()
    {
        var (command, prefix) = AsServerAccount(Path.Combine(BinDirectory, "postgres"));
        _process = await RunProgramAsync(
            command,
            [.. prefix, "-D", _dataDirectory, "-p", Port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "max_connections=200"],
            waitForExit: false);
        await WaitUntilAsync(IsAcceptingConnectionsAsync, true, $"PostgreSQL on port {Port} did not start");
    }

    // Stops the server the way a crash does (SIGQUIT: every backend quits at once, open
    // transactions are lost, committed ones are recovered from the WAL at the next start).
    public async Task CrashAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-QUIT", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        await WaitUntilAsync(IsAcceptingConnectionsAsync, false, $"PostgreSQL on port {Port} did not stop");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null)
        {
            // SIGINT: the fast shutdown, so nothing of the server outlives the test.
            using (var stop = Process.Start("kill", ["-INT", _process.Id.ToString()]))
            {
                await stop.WaitForExitAsync();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            // The server account must pass through the temporary directory to its own.
            File.SetUnixFileMode(_root, File.GetUnixFileMode(_root) | UnixFileMode.OtherExecute);
            await RunProgramAsync("install", ["-d", "-m", "700", "-o", Account, "-g", Account, _dataDirectory], waitForExit: true);
        }

        var (command, prefix) = AsServerAccount(Path.Combine(BinDirectory, "initdb"));
        await RunProgramAsync(
            command,
            [.. prefix, "--pgdata", _dataDirectory, "--username", Account, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
            waitForExit: true);
    }

    private static (string Command, string[] Prefix) AsServerAccount(string program) =>
        Environment.IsPrivilegedProcess
            ? ("setpriv", [$"--reuid={Account}", $"--regid={Account}", "--init-groups", "--", program])
            : (program, []);

    private static async Task<Process> RunProgramAsync(string command, IEnumerable<string> arguments, bool waitForExit)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitForExit)
        {
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
            }

            process.Dispose();
        }

        return process;
    }

    private async Task<bool> IsAcceptingConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> probe, bool expected, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await probe() != expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(100);
        }
    }
}
