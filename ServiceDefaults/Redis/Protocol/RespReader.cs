using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ServiceDefaults.Redis;

// Reads one complete reply (as found by RespFrame) element by element. Parsers use it to
// turn wire bytes straight into their result type: integers and simple strings are read
// in place, only the result itself is allocated.
internal ref struct RespReader
{
    private SequenceReader<byte> _reader;

    public RespReader(ReadOnlySequence<byte> frame) => _reader = new SequenceReader<byte>(frame);

    public readonly RespType PeekType() =>
        _reader.TryPeek(out var prefix) ? (RespType)prefix : throw new RedisProtocolException("Reply ended early.");

    public readonly bool IsNull()
    {
        if (!_reader.TryPeek(out var prefix) || prefix is not ((byte)'$' or (byte)'*'))
        {
            return false;
        }

        return _reader.TryPeek(1, out var sign) && sign == (byte)'-';
    }

    public long ReadInteger()
    {
        var type = ReadPrefix();
        switch (type)
        {
            case RespType.Integer:
                return ParseInteger(ReadLine());
            case RespType.SimpleString:
                return ParseInteger(ReadLine());
            case RespType.BulkString:
                var length = ReadLength();
                return length < 0
                    ? throw new RedisProtocolException("Expected an integer but got nil.")
                    : ReadBulkBody(length, static span => ParseInteger(span));
            default:
                throw Unexpected(type, "an integer");
        }
    }

    public double ReadDouble()
    {
        var text = ReadString() ?? throw new RedisProtocolException("Expected a number but got nil.");
        return RedisNumbers.TryParseDouble(text, out var value)
            ? value
            : throw new RedisProtocolException($"Expected a number but got '{text}'.");
    }

    public string? ReadString()
    {
        var type = ReadPrefix();
        switch (type)
        {
            case RespType.SimpleString or RespType.Error:
                return Encoding.UTF8.GetString(ReadLine());
            case RespType.Integer:
                return Encoding.ASCII.GetString(ReadLine());
            case RespType.BulkString:
                var length = ReadLength();
                return length < 0 ? null : ReadBulkBody(length, static span => Encoding.UTF8.GetString(span));
            default:
                throw Unexpected(type, "a string");
        }
    }

    public RedisValue ReadValue()
    {
        var type = ReadPrefix();
        switch (type)
        {
            case RespType.SimpleString:
                return Encoding.UTF8.GetString(ReadLine());
            case RespType.Integer:
                return ParseInteger(ReadLine());
            case RespType.BulkString:
                var length = ReadLength();
                return length < 0 ? RedisValue.Null : ReadBulkBody(length, static span => span.ToArray());
            default:
                throw Unexpected(type, "a value");
        }
    }

    // Returns -1 for a nil array.
    public int ReadArrayLength()
    {
        var type = ReadPrefix();
        return type == RespType.Array ? checked((int)ReadLength()) : throw Unexpected(type, "an array");
    }

    public void ExpectOk()
    {
        var type = ReadPrefix();
        if (type != RespType.SimpleString)
        {
            throw Unexpected(type, "OK");
        }

        ReadLine();
    }

    // Takes the next element as a reply of its own, so a nested parser cannot read past it.
    public ReadOnlySequence<byte> ReadElement()
    {
        var start = _reader.Position;
        if (!RespFrame.TryFindEnd(ref _reader))
        {
            throw new RedisProtocolException("Reply ended early.");
        }

        return _reader.Sequence.Slice(start, _reader.Position);
    }

    public void Skip() => ReadElement();

    public RedisResult ReadResult()
    {
        var type = ReadPrefix();
        switch (type)
        {
            case RespType.SimpleString:
                return RedisResult.Create(Encoding.UTF8.GetString(ReadLine()), RespType.SimpleString);
            case RespType.Error:
                return RedisResult.CreateError(Encoding.UTF8.GetString(ReadLine()));
            case RespType.Integer:
                return RedisResult.Create(ParseInteger(ReadLine()), RespType.Integer);
            case RespType.BulkString:
                var length = ReadLength();
                return RedisResult.Create(length < 0 ? RedisValue.Null : ReadBulkBody(length, static span => span.ToArray()), RespType.BulkString);
            default:
                var count = checked((int)ReadLength());
                if (count < 0)
                {
                    return RedisResult.NullArray;
                }

                var items = new RedisResult[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ReadResult();
                }

                return RedisResult.Create(items);
        }
    }

    // The error text of an error reply, consuming it.
    public string ReadErrorMessage()
    {
        ReadPrefix();
        return Encoding.UTF8.GetString(ReadLine());
    }

    private RespType ReadPrefix() =>
        _reader.TryRead(out var prefix) ? (RespType)prefix : throw new RedisProtocolException("Reply ended early.");

    private ReadOnlySpan<byte> ReadLine()
    {
        if (!_reader.TryReadTo(out ReadOnlySpan<byte> line, (byte)'\n') || line.Length == 0)
        {
            throw new RedisProtocolException("Reply line ended early.");
        }

        return line[..^1];
    }

    private long ReadLength() => ParseInteger(ReadLine());

    private T ReadBulkBody<T>(long length, ReadOnlySpanFunc<T> convert)
    {
        var size = checked((int)length);
        T result;
        if (_reader.UnreadSpan.Length >= size)
        {
            result = convert(_reader.UnreadSpan[..size]);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                _reader.TryCopyTo(rented.AsSpan(0, size));
                result = convert(rented.AsSpan(0, size));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        _reader.Advance(size + 2);
        return result;
    }

    private static long ParseInteger(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length
            ? value
            : throw new RedisProtocolException($"Expected an integer but got '{Encoding.UTF8.GetString(text)}'.");

    private static RedisProtocolException Unexpected(RespType actual, string expected) =>
        new($"Expected {expected} but the reply was of type {actual}.");

    private delegate T ReadOnlySpanFunc<out T>(ReadOnlySpan<byte> span);
}
