using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataService.Tests.Faults;

// A TCP proxy between the DataService and redis-server that loses a reply after the server
// executed the command: once armed, every Nth request naming the watched command is passed
// to the server, whatever the server answers in the next moments is thrown away, and both
// connections are cut. The client sees its connection fail and cannot know the command ran,
// which is what a timeout or a network fault leaves a real caller with.
public sealed class ReplyDroppingProxy : IAsyncDisposable
{
    // Long enough for the server to have read and run the command before the cut.
    private static readonly TimeSpan ServerTime = TimeSpan.FromMilliseconds(50);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly byte[][] _commands;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _every;
    private int _maximum;
    private int _seen;
    private int _dropped;

    // commands: the command names (as Redis receives them, e.g. "XADD", "EVALSHA") whose
    // replies may be dropped.
    public ReplyDroppingProxy(int targetPort, params string[] commands)
    {
        _targetPort = targetPort;
        _commands = [.. commands.Select(command => Encoding.ASCII.GetBytes($"${command.Length}\r\n{command}\r\n"))];
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    // Replies dropped so far.
    public int Dropped => Volatile.Read(ref _dropped);

    // From now on drops the reply of every `every`th watched command, at most `maximum` times.
    public void Arm(int every, int maximum)
    {
        Volatile.Write(ref _seen, 0);
        Volatile.Write(ref _every, every);
        Volatile.Write(ref _maximum, maximum);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        using (client)
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                return;
            }

            var connection = new Connection(client, server);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var requests = PumpRequestsAsync(connection, stop.Token);
            var replies = PumpRepliesAsync(connection, stop.Token);
            await Task.WhenAny(requests, replies);
            await stop.CancelAsync();
            client.Close();
            server.Close();
            await Task.WhenAll(Quietly(requests), Quietly(replies));
        }
    }

    private async Task PumpRequestsAsync(Connection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var from = connection.Client.GetStream();
        var to = connection.Server.GetStream();
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            var cut = ShouldCut(buffer.AsSpan(0, read));
            if (cut)
            {
                connection.Discarding = true;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (cut)
            {
                await Task.Delay(ServerTime, cancellationToken);
                Interlocked.Increment(ref _dropped);
                return;
            }
        }
    }

    private static async Task PumpRepliesAsync(Connection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var from = connection.Server.GetStream();
        var to = connection.Client.GetStream();
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            if (!connection.Discarding)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
    }

    private bool ShouldCut(ReadOnlySpan<byte> request)
    {
        var every = Volatile.Read(ref _every);
        if (every == 0 || Volatile.Read(ref _dropped) >= Volatile.Read(ref _maximum))
        {
            return false;
        }

        foreach (var command in _commands)
        {
            if (request.IndexOf(command) >= 0)
            {
                return Interlocked.Increment(ref _seen) % every == 0;
            }
        }

        return false;
    }

    private static async Task Quietly(Task pump)
    {
        try
        {
            await pump;
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private sealed class Connection(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        public volatile bool Discarding;
    }
}
