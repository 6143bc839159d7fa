using System.Buffers;
using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace ServiceDefaults.Redis;

// A command that has been written and waits for its reply. Replies arrive in the order the
// commands were written, so the receive loop completes these strictly first in, first out.
// A reply can lose the race to a timeout or a cancellation: whichever comes first wins and
// the reply that arrives later is skipped, keeping later replies matched to their commands.
internal abstract class PendingReply
{
    private int _completed;

    protected PendingReply(CommandName command)
    {
        Command = command;
    }

    public CommandName Command { get; }

    public long StartedAt { get; private set; }

    public long Deadline { get; private set; }

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    // Notified once the reply is complete; batches count their replies with it.
    public IReplyObserver? Observer { get; set; }

    public Activity? Activity { get; set; }

    public void MarkSent(TimeSpan timeout)
    {
        StartedAt = Stopwatch.GetTimestamp();
        Deadline = StartedAt + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public void Complete(ReadOnlySequence<byte> frame)
    {
        if (!TryClaim())
        {
            return;
        }

        var reader = new RespReader(frame);
        if (reader.PeekType() == RespType.Error)
        {
            SetFailure(new RedisServerException(reader.ReadErrorMessage()));
            return;
        }

        try
        {
            SetResult(ref reader);
        }
        catch (Exception exception)
        {
            // A reply the parser cannot use fails only its own command; the receive loop
            // goes on with the next reply.
            SetFailure(exception);
        }
    }

    public void Fail(Exception exception)
    {
        if (TryClaim())
        {
            SetFailure(exception);
        }
    }

    protected abstract void SetResult(ref RespReader reader);

    protected abstract void SetFailure(Exception exception);

    protected void OnCompleted(Exception? exception)
    {
        RedisTelemetry.RecordCompletion(this, exception);
        Observer?.OnReplyCompleted(exception);
    }

    private bool TryClaim() => Interlocked.Exchange(ref _completed, 1) == 0;
}

internal interface IReplyObserver
{
    void OnReplyCompleted(Exception? exception);
}

internal sealed class PendingReply<T> : PendingReply, IValueTaskSource<T>
{
    private readonly ReplyParser<T> _parser;
    private ManualResetValueTaskSourceCore<T> _source;
    private CancellationTokenRegistration _cancellation;

    public PendingReply(CommandName command, ReplyParser<T> parser, CancellationToken cancellationToken)
        : base(command)
    {
        _parser = parser;
        _source.RunContinuationsAsynchronously = true;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingReply<T>)state!).Fail(new OperationCanceledException(token)), this);
        }
    }

    public ValueTask<T> Task => new(this, _source.Version);

    protected override void SetResult(ref RespReader reader)
    {
        var result = _parser.Parse(ref reader);
        _cancellation.Dispose();
        OnCompleted(null);
        _source.SetResult(result);
    }

    protected override void SetFailure(Exception exception)
    {
        _cancellation.Dispose();
        OnCompleted(exception);
        _source.SetException(exception);
    }

    T IValueTaskSource<T>.GetResult(short token) => _source.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}
