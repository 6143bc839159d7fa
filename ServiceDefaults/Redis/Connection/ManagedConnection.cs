using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Redis;

// Keeps one physical connection open: opens it, watches it, and after a failure opens a
// new one with exponential backoff and jitter, trying each configured endpoint in turn.
//
// While there is no connection, Current is null and callers fail fast instead of queueing
// commands that might run much later; only the very first attempt is waited for, so a
// service that issues a command right at start-up does not fail for nothing.
internal sealed partial class ManagedConnection : IAsyncDisposable
{
    private static readonly TimeSpan TimeoutCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly RedisOptions _options;
    private readonly IPushMessageHandler? _pushHandler;
    private readonly ILogger _logger;
    private readonly string _purpose;
    private readonly CancellationTokenSource _disposed = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _timeoutTimer;
    private PhysicalConnection? _current;
    private Exception? _lastError;
    private int _failedAttempts;

    public ManagedConnection(RedisOptions options, IPushMessageHandler? pushHandler, ILogger logger, string purpose)
    {
        if (options.Endpoints.Count == 0)
        {
            throw new ArgumentException("No Redis endpoint is configured.", nameof(options));
        }

        _options = options;
        _pushHandler = pushHandler;
        _logger = logger;
        _purpose = purpose;
        _timeoutTimer = new Timer(static state => ((ManagedConnection)state!).FailTimedOutCommands(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public PhysicalConnection? Current => Volatile.Read(ref _current);

    // Raised for every new connection, before commands can use it: the subscriber
    // re-subscribes its channels here.
    public Func<PhysicalConnection, Task>? Connecting { get; set; }

    public event Action<RedisEndpoint, Exception>? ConnectionFailed;

    public event Action<RedisEndpoint>? ConnectionRestored;

    // Completes when the first round of attempts succeeded or failed.
    public Task FirstAttempt => _firstAttempt.Task;

    public void Start()
    {
        _timeoutTimer.Change(TimeoutCheckInterval, TimeoutCheckInterval);
        _ = ConnectLoopAsync();
    }

    public async ValueTask<PhysicalConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (Current is { } connection)
        {
            return connection;
        }

        if (!_firstAttempt.Task.IsCompleted)
        {
            await _firstAttempt.Task.WaitAsync(cancellationToken);
            if (Current is { } first)
            {
                return first;
            }
        }

        throw NotConnected();
    }

    public RedisConnectionException NotConnected()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var endpoints = string.Join(", ", _options.Endpoints);
        var reason = _lastError is null ? "" : $": {_lastError.Message}";
        return new RedisConnectionException(
            $"Not connected to Redis at {endpoints}{reason}. Reconnecting in the background ({_failedAttempts} attempts so far).", _lastError);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        await _timeoutTimer.DisposeAsync();
        if (Interlocked.Exchange(ref _current, null) is { } connection)
        {
            await connection.DisposeAsync();
        }

        _firstAttempt.TrySetResult();
    }

    private async Task ConnectLoopAsync()
    {
        var lostAt = Stopwatch.GetTimestamp();
        var attempt = 0;
        while (!_disposed.IsCancellationRequested)
        {
            foreach (var endpoint in _options.Endpoints)
            {
                var connection = await TryOpenAsync(endpoint);
                if (connection is null)
                {
                    continue;
                }

                if (_disposed.IsCancellationRequested)
                {
                    await connection.DisposeAsync();
                    return;
                }

                Volatile.Write(ref _current, connection);
                _failedAttempts = 0;
                _firstAttempt.TrySetResult();
                if (attempt > 0 || _lastError is not null)
                {
                    RedisTelemetry.RecordReconnect(endpoint);
                    LogRestored(_purpose, endpoint, attempt + 1, Stopwatch.GetElapsedTime(lostAt).TotalSeconds);
                    ConnectionRestored?.Invoke(endpoint);
                }

                _ = WatchAsync(connection);
                return;
            }

            _firstAttempt.TrySetResult();
            attempt++;
            try
            {
                await Task.Delay(BackoffDelay(attempt), _disposed.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<PhysicalConnection?> TryOpenAsync(RedisEndpoint endpoint)
    {
        PhysicalConnection? connection = null;
        try
        {
            connection = await PhysicalConnection.OpenAsync(endpoint, _options, _pushHandler, _disposed.Token);
            if (Connecting is { } connecting)
            {
                await connecting(connection);
            }

            return connection;
        }
        catch (Exception exception) when (!_disposed.IsCancellationRequested)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _lastError = exception;
            var failures = Interlocked.Increment(ref _failedAttempts);

            // Attempts 1, 2, 4, 8, ... are logged as warnings: an operator sees the problem
            // at once and then ever less often while it lasts.
            if ((failures & (failures - 1)) == 0)
            {
                LogAttemptFailed(_purpose, endpoint, failures, exception.Message);
            }

            return null;
        }
        catch (Exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            return null;
        }
    }

    private async Task WatchAsync(PhysicalConnection connection)
    {
        var reason = await connection.Closed;
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        Interlocked.CompareExchange(ref _current, null, connection);
        _lastError = reason;
        LogLost(_purpose, connection.Endpoint, reason.Message);
        ConnectionFailed?.Invoke(connection.Endpoint, reason);
        await ConnectLoopAsync();
    }

    private TimeSpan BackoffDelay(int attempt)
    {
        var exponential = _options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, _options.ReconnectMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private void FailTimedOutCommands() => Current?.FailTimedOut(Stopwatch.GetTimestamp());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Purpose} connection to {Endpoint} lost: {Reason}. Reconnecting.")]
    private partial void LogLost(string purpose, RedisEndpoint endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Purpose} connection to {Endpoint} failed (attempt {Attempt}): {Reason}")]
    private partial void LogAttemptFailed(string purpose, RedisEndpoint endpoint, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis {Purpose} connection to {Endpoint} established after {Attempts} attempts ({Seconds:0.0} s).")]
    private partial void LogRestored(string purpose, RedisEndpoint endpoint, int attempts, double seconds);
}
