using System.Buffers;
using System.Buffers.Text;

namespace ServiceDefaults.Redis;

// Encodes commands as RESP arrays of bulk strings straight into the outgoing buffer.
internal static class CommandWriter
{
    private const int MaxHeaderLength = 1 + 20 + 2;

    public static void Write(IBufferWriter<byte> output, in RedisCommand command)
    {
        WriteHeader(output, (byte)'*', command.ArgumentCount + 1);
        output.Write(command.Name.Encoded);
        for (var i = 0; i < command.ArgumentCount; i++)
        {
            WriteBulk(output, command[i]);
        }
    }

    private static void WriteBulk(IBufferWriter<byte> output, RedisValue value)
    {
        var length = value.Length;
        WriteHeader(output, (byte)'$', length);
        var span = output.GetSpan(length + 2);
        value.CopyTo(span);
        span[length] = (byte)'\r';
        span[length + 1] = (byte)'\n';
        output.Advance(length + 2);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte prefix, long count)
    {
        var span = output.GetSpan(MaxHeaderLength);
        span[0] = prefix;
        Utf8Formatter.TryFormat(count, span[1..], out var written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        output.Advance(written + 3);
    }
}
