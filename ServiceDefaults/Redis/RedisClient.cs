using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ServiceDefaults.Redis;

// A Redis client: one multiplexed connection that every caller shares, reconnecting by
// itself, plus a separate connection for pub/sub opened on first use.
//
//   await using var redis = await RedisClient.ConnectAsync("localhost:6379,password=…");
//   await redis.SetAsync("greeting", "hello", TimeSpan.FromMinutes(5));
//   string? greeting = await redis.GetAsync("greeting");
public sealed class RedisClient : IRedisCommands, IAsyncDisposable
{
    private readonly ManagedConnection _connection;
    private readonly Lazy<RedisSubscriber> _subscriber;

    private RedisClient(RedisOptions options, ILoggerFactory loggerFactory)
    {
        Options = options;
        var logger = loggerFactory.CreateLogger<RedisClient>();
        _connection = new ManagedConnection(options, pushHandler: null, logger, "command");
        _connection.ConnectionFailed += (endpoint, reason) => ConnectionFailed?.Invoke(this, new RedisConnectionEventArgs(endpoint, reason));
        _connection.ConnectionRestored += endpoint => ConnectionRestored?.Invoke(this, new RedisConnectionEventArgs(endpoint, null));
        _subscriber = new Lazy<RedisSubscriber>(() => new RedisSubscriber(options, loggerFactory.CreateLogger<RedisSubscriber>()));
        _connection.Start();
    }

    public RedisOptions Options { get; }

    public bool IsConnected => _connection.Current is { IsFailed: false };

    public RedisEndpoint? ConnectedEndpoint => _connection.Current?.Endpoint;

    // Publishing goes through the client; subscriptions through the subscriber.
    public RedisSubscriber Subscriber => _subscriber.Value;

    public event EventHandler<RedisConnectionEventArgs>? ConnectionFailed;

    public event EventHandler<RedisConnectionEventArgs>? ConnectionRestored;

    // Starts connecting in the background and returns at once.
    public static RedisClient Create(RedisOptions options, ILoggerFactory? loggerFactory = null) =>
        new(options, loggerFactory ?? NullLoggerFactory.Instance);

    public static Task<RedisClient> ConnectAsync(string connectionString, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisOptions.Parse(connectionString), loggerFactory, cancellationToken);

    // Waits for the first connection attempt. If it failed, throws when AbortOnConnectFail
    // is set; otherwise returns a client that keeps trying in the background.
    public static async Task<RedisClient> ConnectAsync(RedisOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var client = Create(options, loggerFactory);
        await client._connection.FirstAttempt.WaitAsync(cancellationToken);
        if (options.AbortOnConnectFail && !client.IsConnected)
        {
            var error = client._connection.NotConnected();
            await client.DisposeAsync();
            throw error;
        }

        return client;
    }

    public RedisBatch CreateBatch() => new(this);

    public RedisTransaction CreateTransaction() => new(this);

    // Runs a script by its SHA1 (EVALSHA); if the server does not know it (after a restart
    // or SCRIPT FLUSH) sends the source once (EVAL), which caches it again.
    public async ValueTask<RedisResult> ScriptEvaluateAsync(
        LuaScript script, RedisValue[]? keys = null, RedisValue[]? arguments = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ((IRedisCommands)this).SendAsync(
                ScriptingCommands.EvalCommand(CommandName.EvalSha, script.Sha1, keys, arguments), ReplyParsers.Result, cancellationToken);
        }
        catch (RedisServerException exception) when (exception.Prefix == "NOSCRIPT")
        {
            return await this.EvalAsync(script, keys, arguments, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscriber.IsValueCreated)
        {
            await _subscriber.Value.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    ValueTask<T> IRedisCommands.SendAsync<T>(in RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var connection = _connection.Current;
        return connection is null
            ? SendWhenConnectedAsync(command, parser, cancellationToken)
            : Send(connection, command, parser, cancellationToken);
    }

    // Sends the commands back to back and completes when every one has its reply (each
    // command's own task carries its result or error). If they cannot be sent, each
    // command's task fails too, so nobody waits forever.
    internal async Task SendAllAsync(IReadOnlyList<(RedisCommand Command, PendingReply Reply)> commands, Task completion, CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            return;
        }

        try
        {
            var connection = _connection.Current ?? await _connection.GetAsync(cancellationToken);
            foreach (var (command, reply) in commands)
            {
                reply.Activity = RedisTelemetry.StartCommand(command.Name, connection.Endpoint, Options.Database);
            }

            if (!connection.TrySend(commands))
            {
                throw _connection.NotConnected();
            }
        }
        catch (Exception exception)
        {
            foreach (var (_, reply) in commands)
            {
                reply.Fail(exception);
            }

            throw;
        }

        await completion.WaitAsync(cancellationToken);
    }

    private async ValueTask<T> SendWhenConnectedAsync<T>(RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        var connection = await _connection.GetAsync(cancellationToken);
        return await Send(connection, command, parser, cancellationToken);
    }

    private ValueTask<T> Send<T>(PhysicalConnection connection, in RedisCommand command, ReplyParser<T> parser, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var reply = new PendingReply<T>(command.Name, parser, cancellationToken)
        {
            Activity = RedisTelemetry.StartCommand(command.Name, connection.Endpoint, Options.Database),
        };
        if (!connection.TrySend(command, reply))
        {
            reply.Fail(_connection.NotConnected());
        }

        return reply.Task;
    }
}
