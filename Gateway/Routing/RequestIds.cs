using System.Buffers.Binary;

namespace Gateway.Routing;

// A request's id, which names its concurrency lease and is its usage record's event id: a
// version 7 UUID (the millisecond first, so ids sort by time, then 74 random bits). The random
// bits come from Random.Shared rather than the operating system, which on Linux
// Guid.CreateVersion7 asks with a read of /dev/urandom, a system call per request; an id only
// has to be unique, not unguessable.
public static class RequestIds
{
    public static Guid Next(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        Span<byte> milliseconds = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(milliseconds, now.ToUnixTimeMilliseconds());
        milliseconds[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
