using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ServiceDefaults.Redis;

// A value sent to or read from Redis: text, bytes, an integer or a floating-point number,
// or nil. Implicit conversions keep call sites short without boxing numbers.
public readonly struct RedisValue : IEquatable<RedisValue>
{
    private readonly object? _reference;
    private readonly long _number;
    private readonly RedisValueKind _kind;

    private RedisValue(object? reference, long number, RedisValueKind kind)
    {
        _reference = reference;
        _number = number;
        _kind = kind;
    }

    public static RedisValue Null => default;

    public bool IsNull => _kind == RedisValueKind.Null;

    public bool IsInteger => _kind == RedisValueKind.Integer;

    // The number of bytes the value occupies on the wire.
    public int Length => _kind switch
    {
        RedisValueKind.Null => 0,
        RedisValueKind.Bytes => ((byte[])_reference!).Length,
        RedisValueKind.Text => Encoding.UTF8.GetByteCount((string)_reference!),
        _ => FormatNumber(stackalloc byte[32]).Length,
    };

    public static implicit operator RedisValue(string? value) =>
        value is null ? Null : new(value, 0, RedisValueKind.Text);

    public static implicit operator RedisValue(byte[]? value) =>
        value is null ? Null : new(value, 0, RedisValueKind.Bytes);

    public static implicit operator RedisValue(long value) => new(null, value, RedisValueKind.Integer);

    public static implicit operator RedisValue(int value) => new(null, value, RedisValueKind.Integer);

    public static implicit operator RedisValue(double value) =>
        new(null, BitConverter.DoubleToInt64Bits(value), RedisValueKind.Double);

    public static implicit operator RedisValue(decimal value) =>
        new(value.ToString(CultureInfo.InvariantCulture), 0, RedisValueKind.Text);

    public static implicit operator string?(RedisValue value) => value._kind switch
    {
        RedisValueKind.Null => null,
        RedisValueKind.Text => (string)value._reference!,
        RedisValueKind.Bytes => Encoding.UTF8.GetString((byte[])value._reference!),
        RedisValueKind.Integer => value._number.ToString(CultureInfo.InvariantCulture),
        _ => FormatDouble(BitConverter.Int64BitsToDouble(value._number)),
    };

    public static implicit operator byte[]?(RedisValue value) => value._kind switch
    {
        RedisValueKind.Null => null,
        RedisValueKind.Bytes => (byte[])value._reference!,
        _ => value.ToArray(),
    };

    public static explicit operator long(RedisValue value) =>
        value.TryParse(out long result) ? result : throw new InvalidCastException($"Redis value '{value}' is not an integer.");

    public static explicit operator double(RedisValue value) =>
        value.TryParse(out double result) ? result : throw new InvalidCastException($"Redis value '{value}' is not a number.");

    public static explicit operator decimal(RedisValue value) =>
        decimal.TryParse((string?)value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new InvalidCastException($"Redis value '{value}' is not a decimal number.");

    public bool TryParse(out long result)
    {
        switch (_kind)
        {
            case RedisValueKind.Integer:
                result = _number;
                return true;
            case RedisValueKind.Bytes:
                var bytes = (byte[])_reference!;
                return Utf8Parser.TryParse(bytes, out result, out var consumed) && consumed == bytes.Length;
            case RedisValueKind.Text:
                return long.TryParse((string)_reference!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
            default:
                result = 0;
                return false;
        }
    }

    public bool TryParse(out double result)
    {
        switch (_kind)
        {
            case RedisValueKind.Integer:
                result = _number;
                return true;
            case RedisValueKind.Double:
                result = BitConverter.Int64BitsToDouble(_number);
                return true;
            case RedisValueKind.Null:
                result = 0;
                return false;
            default:
                return RedisNumbers.TryParseDouble((string)this!, out result);
        }
    }

    public byte[] ToArray() => _kind switch
    {
        RedisValueKind.Null => [],
        RedisValueKind.Bytes => ((byte[])_reference!).ToArray(),
        RedisValueKind.Text => Encoding.UTF8.GetBytes((string)_reference!),
        _ => FormatNumber(stackalloc byte[32]).ToArray(),
    };

    public override string ToString() => (string?)this ?? string.Empty;

    public bool Equals(RedisValue other)
    {
        if (IsNull || other.IsNull)
        {
            return IsNull && other.IsNull;
        }

        if (_kind == other._kind && _kind is RedisValueKind.Integer or RedisValueKind.Double)
        {
            return _number == other._number;
        }

        return ToArray().AsSpan().SequenceEqual(other.ToArray());
    }

    public override bool Equals(object? obj) => obj is RedisValue other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(ToArray());
        return hash.ToHashCode();
    }

    public static bool operator ==(RedisValue left, RedisValue right) => left.Equals(right);

    public static bool operator !=(RedisValue left, RedisValue right) => !left.Equals(right);

    // Writes the value's bytes; the caller has checked that the destination is large enough.
    internal int CopyTo(Span<byte> destination) => _kind switch
    {
        RedisValueKind.Null => 0,
        RedisValueKind.Bytes => CopyBytes((byte[])_reference!, destination),
        RedisValueKind.Text => Encoding.UTF8.GetBytes((string)_reference!, destination),
        _ => CopyNumber(destination),
    };

    private int CopyNumber(Span<byte> destination)
    {
        var formatted = FormatNumber(stackalloc byte[32]);
        formatted.CopyTo(destination);
        return formatted.Length;
    }

    private static int CopyBytes(byte[] source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private ReadOnlySpan<byte> FormatNumber(Span<byte> buffer)
    {
        if (_kind == RedisValueKind.Integer)
        {
            Utf8Formatter.TryFormat(_number, buffer, out var written);
            return buffer[..written];
        }

        var text = FormatDouble(BitConverter.Int64BitsToDouble(_number));
        var length = Encoding.ASCII.GetBytes(text, buffer);
        return buffer[..length];
    }

    private static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private enum RedisValueKind : byte
    {
        Null,
        Text,
        Bytes,
        Integer,
        Double,
    }
}
