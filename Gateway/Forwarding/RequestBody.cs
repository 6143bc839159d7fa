using System.Buffers;
using System.Net;
using System.Text.Json;
using DataAccess.Security;
using Gateway.Routing;

namespace Gateway.Forwarding;

// The client's request body, read once into a pooled buffer (up to the configured size),
// with what the gateway needs from it: the model (restrictions, usage), whether the answer
// streams, and the conversation's session hash (sticky account, legacy recipe §4.4). The
// same bytes are sent upstream, once or twice (a retry on another account), by the content
// CreateContent makes.
public sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    // Who still reads the buffer: the request until it ends, and every upstream send of it
    // while it runs. Over HTTP/2 an answer can come, and the request end, before its body is
    // sent; the buffer goes back to the pool only when the last of them is done, never while
    // a send still reads it. HttpClient sends a body again (a retry on a fresh connection)
    // only before it answers, so while the request holds it.
    private int _holders = 1;
    private int _disposed;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    private ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    public string? Model { get; private set; }

    public bool Stream { get; private set; }

    public string? SessionHash { get; private set; }

    public static async Task<(RequestBody? Body, AnthropicError? Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, TooLarge(maxBytes));
                }

                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > maxBytes)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, TooLarge(maxBytes));
            }
        }

        var body = new RequestBody(buffer, length);
        return body.Parse() ? (body, null) : (null, AnthropicError.BadRequest("The request body is not valid JSON"));
    }

    // The body as upstream request content: its bytes with their length, written in one go.
    public HttpContent CreateContent() => new Content(this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }

    private void Hold()
    {
        var holders = Volatile.Read(ref _holders);
        while (true)
        {
            ObjectDisposedException.ThrowIf(holders == 0, this);
            var seen = Interlocked.CompareExchange(ref _holders, holders + 1, holders);
            if (seen == holders)
            {
                return;
            }

            holders = seen;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private bool Parse()
    {
        if (Length == 0)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(Bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return true;
            }

            Model = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;
            Stream = root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
            SessionHash = StickySessionHash.ForClaudeRequest(root);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static AnthropicError TooLarge(long maxBytes) =>
        AnthropicError.TooLarge($"The request body exceeds the gateway's limit of {maxBytes} bytes");

    private sealed class Content(RequestBody body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            body.Hold();
            try
            {
                await stream.WriteAsync(body.Bytes, cancellationToken);
            }
            finally
            {
                body.Release();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
