using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Redis;

// One handler subscribed to a channel or pattern. Messages reach the handler one at a
// time, in the order they were published, on a task of their own, so a slow handler
// never holds up the connection or other subscriptions. Dispose to unsubscribe.
public sealed partial class RedisSubscription : IAsyncDisposable
{
    private readonly RedisSubscriber _subscriber;
    private readonly Func<RedisChannelMessage, Task> _handler;
    private readonly ILogger _logger;
    private readonly Channel<RedisChannelMessage> _messages = System.Threading.Channels.Channel.CreateUnbounded<RedisChannelMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _delivery;
    private int _disposed;

    internal RedisSubscription(RedisSubscriber subscriber, string channel, bool isPattern, Func<RedisChannelMessage, Task> handler, ILogger logger)
    {
        _subscriber = subscriber;
        Channel = channel;
        IsPattern = isPattern;
        _handler = handler;
        _logger = logger;
        _delivery = Task.Run(DeliverAsync);
    }

    public string Channel { get; }

    public bool IsPattern { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _subscriber.RemoveAsync(this);
        _messages.Writer.TryComplete();
        await _delivery;
    }

    internal void Enqueue(RedisChannelMessage message) => _messages.Writer.TryWrite(message);

    private async Task DeliverAsync()
    {
        await foreach (var message in _messages.Reader.ReadAllAsync())
        {
            try
            {
                await _handler(message);
            }
            catch (Exception exception)
            {
                LogHandlerFailed(exception, message.Channel);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler for Redis channel {Channel} failed; the next message will still be delivered.")]
    private partial void LogHandlerFailed(Exception exception, string channel);
}
