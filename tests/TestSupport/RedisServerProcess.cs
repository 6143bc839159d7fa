using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TestSupport;

// A redis-server of a test's own, on a free loopback port, for tests that stop, restart,
// pause or reconfigure the server: they must not disturb the shared one.
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string[] _extraArguments;
    private readonly string _directory;
    private Process? _process;

    private RedisServerProcess(int port, string[] extraArguments)
    {
        Port = port;
        _extraArguments = extraArguments;
        _directory = Directory.CreateTempSubdirectory("redis-test-").FullName;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    // The processor time the server has used so far (benchmarks divide it by requests).
    public TimeSpan ProcessorTime
    {
        get
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    // extraArguments are redis-server options, e.g. "--requirepass", "secret".
    public static async Task<RedisServerProcess> StartAsync(params string[] extraArguments)
    {
        var server = new RedisServerProcess(FreePort(), extraArguments);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var arguments = new List<string>
        {
            "--port", Port.ToString(),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", _directory, "--enable-debug-command", "local",
        };
        arguments.AddRange(_extraArguments);
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAsync(IsAcceptingConnections, $"redis-server on port {Port} did not start");
    }

    // Kills the server at once, as a crash or a container restart would.
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        await WaitUntilAsync(() => !IsAcceptingConnections(), $"redis-server on port {Port} did not stop");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private bool IsAcceptingConnections()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(50);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
