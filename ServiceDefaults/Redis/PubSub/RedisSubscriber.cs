using System.Buffers;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Redis;

// Pub/sub on a connection of its own (a subscribed connection can run no other commands).
// After a reconnect every channel and pattern is subscribed again before the connection
// is used; messages published while it was down are lost, as with Redis pub/sub itself.
public sealed class RedisSubscriber : IPushMessageHandler, IAsyncDisposable
{
    private static readonly ReplyParser<long> SubscriptionAck = new DelegateReplyParser<long>(
        static (ref reader) =>
        {
            reader.ReadArrayLength();
            reader.Skip();
            reader.Skip();
            return reader.ReadInteger();
        });

    private readonly ManagedConnection _connection;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<RedisSubscription>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RedisSubscription>> _patterns = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);

    internal RedisSubscriber(RedisOptions options, ILogger logger)
    {
        _logger = logger;
        _connection = new ManagedConnection(options, this, logger, "subscription")
        {
            Connecting = ResubscribeAsync,
        };
        _connection.Start();
    }

    public bool IsConnected => _connection.Current is { IsFailed: false };

    public Task<RedisSubscription> SubscribeAsync(string channel, Action<RedisChannelMessage> handler, CancellationToken cancellationToken = default) =>
        SubscribeAsync(channel, message =>
        {
            handler(message);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<RedisSubscription> SubscribeAsync(string channel, Func<RedisChannelMessage, Task> handler, CancellationToken cancellationToken = default) =>
        AddAsync(channel, isPattern: false, handler, cancellationToken);

    // Glob-style patterns, e.g. "cache:invalidate:*".
    public Task<RedisSubscription> PatternSubscribeAsync(string pattern, Func<RedisChannelMessage, Task> handler, CancellationToken cancellationToken = default) =>
        AddAsync(pattern, isPattern: true, handler, cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    bool IPushMessageHandler.TryHandlePush(ReadOnlySequence<byte> frame)
    {
        var reader = new RespReader(frame);
        if (reader.PeekType() != RespType.Array)
        {
            return false;
        }

        var count = reader.ReadArrayLength();
        var kind = count is 3 or 4 ? reader.ReadString() : null;
        RedisChannelMessage message;
        List<RedisSubscription>? subscribers;
        switch (kind)
        {
            case "message" when count == 3:
                message = new RedisChannelMessage(reader.ReadString() ?? string.Empty, reader.ReadValue());
                subscribers = Snapshot(_channels, message.Channel);
                break;
            case "pmessage" when count == 4:
                var pattern = reader.ReadString() ?? string.Empty;
                message = new RedisChannelMessage(reader.ReadString() ?? string.Empty, reader.ReadValue(), pattern);
                subscribers = Snapshot(_patterns, pattern);
                break;
            default:
                return false;
        }

        foreach (var subscription in subscribers ?? [])
        {
            subscription.Enqueue(message);
        }

        return true;
    }

    internal async Task RemoveAsync(RedisSubscription subscription)
    {
        await _changes.WaitAsync();
        try
        {
            var registry = subscription.IsPattern ? _patterns : _channels;
            bool lastOne;
            lock (_lock)
            {
                if (!registry.TryGetValue(subscription.Channel, out var list) || !list.Remove(subscription))
                {
                    return;
                }

                lastOne = list.Count == 0;
                if (lastOne)
                {
                    registry.Remove(subscription.Channel);
                }
            }

            if (lastOne && _connection.Current is { } connection)
            {
                var command = subscription.IsPattern ? CommandName.PUnsubscribe : CommandName.Unsubscribe;
                try
                {
                    await SendAsync(connection, command, subscription.Channel, CancellationToken.None);
                }
                catch (RedisException)
                {
                    // The connection is gone; the next one will not subscribe this channel.
                }
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task<RedisSubscription> AddAsync(string channel, bool isPattern, Func<RedisChannelMessage, Task> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var connection = await _connection.GetAsync(cancellationToken);
            var registry = isPattern ? _patterns : _channels;
            var subscription = new RedisSubscription(this, channel, isPattern, handler, _logger);
            bool first;
            lock (_lock)
            {
                if (!registry.TryGetValue(channel, out var list))
                {
                    registry[channel] = list = [];
                }

                first = list.Count == 0;
                list.Add(subscription);
            }

            if (first)
            {
                try
                {
                    await SendAsync(connection, isPattern ? CommandName.PSubscribe : CommandName.Subscribe, channel, cancellationToken);
                }
                catch
                {
                    lock (_lock)
                    {
                        registry[channel].Remove(subscription);
                        if (registry[channel].Count == 0)
                        {
                            registry.Remove(channel);
                        }
                    }

                    throw;
                }
            }

            return subscription;
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task ResubscribeAsync(PhysicalConnection connection)
    {
        string[] channels, patterns;
        lock (_lock)
        {
            channels = [.. _channels.Keys];
            patterns = [.. _patterns.Keys];
        }

        foreach (var channel in channels)
        {
            await SendAsync(connection, CommandName.Subscribe, channel, CancellationToken.None);
        }

        foreach (var pattern in patterns)
        {
            await SendAsync(connection, CommandName.PSubscribe, pattern, CancellationToken.None);
        }
    }

    // One channel per command, so each command gets exactly one acknowledgement.
    private async Task SendAsync(PhysicalConnection connection, CommandName command, string channel, CancellationToken cancellationToken)
    {
        var reply = new PendingReply<long>(command, SubscriptionAck, cancellationToken);
        if (!connection.TrySend(new RedisCommand(command, channel), reply))
        {
            throw _connection.NotConnected();
        }

        await reply.Task;
    }

    private List<RedisSubscription>? Snapshot(Dictionary<string, List<RedisSubscription>> registry, string name)
    {
        lock (_lock)
        {
            return registry.TryGetValue(name, out var list) ? [.. list] : null;
        }
    }
}
