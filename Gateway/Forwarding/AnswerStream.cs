using Gateway.Usage;

namespace Gateway.Forwarding;

// Stands in for the response body while YARP copies the upstream answer into it: every
// write goes straight to the client (flushes too, so events are not held) and is shown to
// the usage reader on the way. When the answer's length is known, the request is ended
// just before its last bytes go out, so a client that waits for the whole answer before
// sending its next request always finds this one's lease given back.
public sealed class AnswerStream(Stream inner, UsageReader? usage, long? length, Action beforeLastBytes) : Stream
{
    private long _written;
    private bool _ended;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Pass(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Pass(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Pass(ReadOnlySpan<byte> chunk)
    {
        if (_ended)
        {
            return;
        }

        usage?.Observe(chunk);
        _written += chunk.Length;
        if (_written >= length)
        {
            _ended = true;
            beforeLastBytes();
        }
    }
}
