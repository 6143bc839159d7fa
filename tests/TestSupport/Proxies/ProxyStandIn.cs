using System.Net;
using System.Net.Sockets;

namespace TestSupport.Proxies;

// A proxy outside the system, listening on a loopback port: it accepts connections, counts
// them, requires a user name and password, and once a client is let through relays bytes
// between it and the target it asked for. The subclasses speak the HTTP and SOCKS5 handshakes.
public abstract class ProxyStandIn(string username, string password) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _accepting;
    private int _connections;
    private int _admitted;
    private int _refused;

    public string Username { get; } = username;

    public string Password { get; } = password;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    // Connections clients opened, connections let through to a target, connections refused
    // for missing or wrong credentials.
    public int Connections => Volatile.Read(ref _connections);

    public int Admitted => Volatile.Read(ref _admitted);

    public int Refused => Volatile.Read(ref _refused);

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stopping.Dispose();
    }

    // Serves one client connection: the handshake, then the relay. Returns without relaying
    // when the client is refused.
    protected abstract Task ServeAsync(NetworkStream client, CancellationToken cancellationToken);

    protected void CountAdmitted() => Interlocked.Increment(ref _admitted);

    protected void CountRefused() => Interlocked.Increment(ref _refused);

    protected bool Accepts(string? user, string? pass) => user == Username && pass == Password;

    // Connects to the target and relays both ways until either side closes; initial bytes
    // (what the client sent past its handshake) go to the target first.
    protected static async Task RelayAsync(NetworkStream client, string host, int port, ReadOnlyMemory<byte> initial, CancellationToken cancellationToken)
    {
        using var target = new TcpClient();
        await target.ConnectAsync(host, port, cancellationToken);
        await using var upstream = target.GetStream();
        if (!initial.IsEmpty)
        {
            await upstream.WriteAsync(initial, cancellationToken);
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toTarget = client.CopyToAsync(upstream, either.Token);
        var toClient = upstream.CopyToAsync(client, either.Token);
        await Task.WhenAny(toTarget, toClient);
        await either.CancelAsync();
        await Task.WhenAll(toTarget, toClient).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using (connection)
                {
                    try
                    {
                        await ServeAsync(connection.GetStream(), _stopping.Token);
                    }
                    catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        // The client or the target went away.
                    }
                }
            });
        }
    }
}
