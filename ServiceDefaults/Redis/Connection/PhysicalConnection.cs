using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace ServiceDefaults.Redis;

// One TCP (optionally TLS) connection to a Redis server, shared by every caller.
//
// Callers encode their commands into an in-memory pipe under a short lock and enqueue
// their pending replies in the same order; a send loop drains the pipe to the socket, so
// commands from concurrent callers leave in batches (pipelining). A receive loop parses
// replies and completes the pending replies first in, first out.
//
// A connection is never repaired: once it fails it stays failed, every pending reply
// fails with RedisConnectionException and the owner opens a new one.
internal sealed class PhysicalConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _incoming;
    private readonly Pipe _outgoing = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly ConcurrentQueue<PendingReply> _inFlight = new();
    private readonly Lock _writeLock = new();
    private readonly IPushMessageHandler? _pushHandler;
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;

    private PhysicalConnection(RedisEndpoint endpoint, RedisOptions options, Socket socket, Stream stream, IPushMessageHandler? pushHandler)
    {
        Endpoint = endpoint;
        Options = options;
        _socket = socket;
        _stream = stream;
        _pushHandler = pushHandler;
        _incoming = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
    }

    public RedisEndpoint Endpoint { get; }

    public RedisOptions Options { get; }

    public bool IsFailed => Volatile.Read(ref _failure) is not null;

    // Completes with the reason once the connection has failed and every pending reply
    // has been failed.
    public Task<Exception> Closed => _closed.Task;

    public int InFlightCount => _inFlight.Count;

    public static async Task<PhysicalConnection> OpenAsync(
        RedisEndpoint endpoint, RedisOptions options, IPushMessageHandler? pushHandler, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        PhysicalConnection? connection = null;
        try
        {
            ConfigureKeepAlive(socket, options.KeepAlive);
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = options.SslHost ?? endpoint.Host,
                        RemoteCertificateValidationCallback = options.CertificateValidation,
                    },
                    timeout.Token);
                stream = ssl;
            }

            connection = new PhysicalConnection(endpoint, options, socket, stream, pushHandler);
            connection.StartLoops();
            await connection.HandshakeAsync(timeout.Token);
            return connection;
        }
        catch (Exception exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw exception switch
            {
                RedisServerException server => new RedisConnectionException($"Redis at {endpoint} refused the connection: {server.Message}", server),
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    new RedisConnectionException($"Connecting to Redis at {endpoint} timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms."),
                OperationCanceledException => exception,
                RedisConnectionException => exception,
                _ => new RedisConnectionException($"Cannot connect to Redis at {endpoint}: {exception.Message}", exception),
            };
        }
    }

    // Writes one command; returns false if the connection has already failed.
    public bool TrySend(in RedisCommand command, PendingReply reply)
    {
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return false;
            }

            reply.MarkSent(Options.CommandTimeout);
            Write(command);
            _inFlight.Enqueue(reply);
            _ = _outgoing.Writer.FlushAsync();
        }

        return true;
    }

    // Writes the commands back to back, with nobody else's commands in between: one round
    // trip for a batch, and MULTI ... EXEC blocks that cannot interleave with other callers.
    public bool TrySend(IReadOnlyList<(RedisCommand Command, PendingReply Reply)> commands)
    {
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return false;
            }

            foreach (var (command, reply) in commands)
            {
                reply.MarkSent(Options.CommandTimeout);
                Write(command);
                _inFlight.Enqueue(reply);
            }

            _ = _outgoing.Writer.FlushAsync();
        }

        return true;
    }

    // Called under the write lock. A command that fails halfway through encoding would leave
    // the stream unparseable for the server, so the connection is given up.
    private void Write(in RedisCommand command)
    {
        try
        {
            CommandWriter.Write(_outgoing.Writer, command);
        }
        catch (Exception exception)
        {
            _failure = exception;
            _outgoing.Writer.Complete();
            _socket.Dispose();
            throw;
        }
    }

    // Fails the replies that have waited past their deadline. They stay queued, so the
    // replies that arrive for them later are matched and skipped.
    public void FailTimedOut(long now)
    {
        if (!_inFlight.TryPeek(out var oldest) || oldest.Deadline > now)
        {
            return;
        }

        foreach (var reply in _inFlight)
        {
            if (reply.Deadline > now)
            {
                break;
            }

            if (!reply.IsCompleted)
            {
                reply.Fail(new RedisTimeoutException(
                    $"No reply to {reply.Command} from Redis at {Endpoint} within {Options.CommandTimeout.TotalMilliseconds:0} ms " +
                    $"({_inFlight.Count} commands waiting on this connection)."));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(PhysicalConnection), "The Redis client was disposed."));
        await Task.WhenAll(_sendLoop, _receiveLoop);
    }

    private void StartLoops()
    {
        _sendLoop = Task.Run(SendLoopAsync);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var commands = new List<RedisCommand>();
        if (Options.Password is not null)
        {
            commands.Add(Options.User is null
                ? new RedisCommand(CommandName.Auth, Options.Password)
                : new RedisCommand(CommandName.Auth, Options.User, Options.Password));
        }

        if (Options.Database != 0)
        {
            commands.Add(new RedisCommand(CommandName.Select, Options.Database));
        }

        if (!string.IsNullOrEmpty(Options.ClientName))
        {
            commands.Add(new RedisCommand(CommandName.Client, "SETNAME", Options.ClientName));
        }

        foreach (var command in commands)
        {
            var reply = new PendingReply<bool>(command.Name, ReplyParsers.Ok, cancellationToken);
            if (!TrySend(command, reply))
            {
                throw new RedisConnectionException($"The connection to Redis at {Endpoint} closed during the handshake.", _failure);
            }

            await reply.Task;
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await _stream.WriteAsync(segment);
                }

                await _stream.FlushAsync();
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var result = await _incoming.ReadAsync();
                var buffer = result.Buffer;
                var consumed = DispatchReplies(buffer);
                _incoming.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    throw new RedisConnectionException($"Redis at {Endpoint} closed the connection.");
                }
            }
        }
        catch (Exception exception)
        {
            reason = exception;
        }

        Fail(reason);
        await _incoming.CompleteAsync();

        // Only this loop takes replies off the queue, so failing them here can never pair a
        // reply with the wrong command.
        var failure = Volatile.Read(ref _failure)!;
        var error = failure as RedisConnectionException
            ?? new RedisConnectionException($"The connection to Redis at {Endpoint} failed: {failure.Message}", failure);
        while (_inFlight.TryDequeue(out var reply))
        {
            reply.Fail(error);
        }

        _closed.TrySetResult(failure);
    }

    private SequencePosition DispatchReplies(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var frameStart = reader.Position;
        while (RespFrame.TryFindEnd(ref reader))
        {
            var frame = buffer.Slice(frameStart, reader.Position);
            if (_pushHandler is null || !_pushHandler.TryHandlePush(frame))
            {
                if (!_inFlight.TryDequeue(out var reply))
                {
                    throw new RedisProtocolException($"Redis at {Endpoint} sent a reply no command was waiting for.");
                }

                reply.Complete(frame);
            }

            frameStart = reader.Position;
        }

        return frameStart;
    }

    private void Fail(Exception reason)
    {
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = reason;
        }

        _outgoing.Writer.Complete();
        _socket.Dispose();
    }

    private static void ConfigureKeepAlive(Socket socket, TimeSpan keepAlive)
    {
        if (keepAlive <= TimeSpan.Zero)
        {
            return;
        }

        // Detects a server that vanished without closing the connection (a dead host or a
        // dropped network path) in about keepAlive + 3 × 5 s instead of the system's hours.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)keepAlive.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
    }
}
