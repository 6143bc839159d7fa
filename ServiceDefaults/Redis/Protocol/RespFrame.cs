using System.Buffers;
using System.Buffers.Text;

namespace ServiceDefaults.Redis;

// Finds where one complete reply ends in the received bytes, without allocating, so the
// receive loop can hand whole replies to their parsers and wait for more data otherwise.
internal static class RespFrame
{
    public static bool TryFindEnd(ref SequenceReader<byte> reader)
    {
        long remaining = 1;
        while (remaining > 0)
        {
            if (!reader.TryRead(out var prefix))
            {
                return false;
            }

            remaining--;
            switch ((RespType)prefix)
            {
                case RespType.SimpleString or RespType.Error or RespType.Integer:
                    if (!reader.TryAdvanceTo((byte)'\n'))
                    {
                        return false;
                    }

                    break;
                case RespType.BulkString:
                    if (!TryReadLength(ref reader, out var length))
                    {
                        return false;
                    }

                    if (length >= 0)
                    {
                        if (reader.Remaining < length + 2)
                        {
                            return false;
                        }

                        reader.Advance(length + 2);
                    }

                    break;
                case RespType.Array:
                    if (!TryReadLength(ref reader, out var count))
                    {
                        return false;
                    }

                    remaining += Math.Max(count, 0);
                    break;
                default:
                    throw new RedisProtocolException($"Unexpected reply type byte 0x{prefix:x2}.");
            }
        }

        return true;
    }

    // Reads the decimal length that follows a '$' or '*' prefix, up to and including CRLF.
    public static bool TryReadLength(ref SequenceReader<byte> reader, out long length)
    {
        if (!reader.TryReadTo(out ReadOnlySpan<byte> line, (byte)'\n'))
        {
            length = 0;
            return false;
        }

        if (line.Length == 0 || line[^1] != (byte)'\r'
            || !Utf8Parser.TryParse(line[..^1], out length, out var consumed) || consumed != line.Length - 1)
        {
            throw new RedisProtocolException("Malformed length in reply.");
        }

        return true;
    }
}
