using System.Buffers;
using System.Text.Json;
using DataAccess.Security;
using Gateway.Routing;

namespace Gateway.Forwarding;

// The client's request body, read once into a pooled buffer (up to the configured size),
// with what the gateway needs from it: the model (restrictions, usage), whether the answer
// streams, and the conversation's session hash (sticky account, legacy recipe §4.4). The
// same bytes are sent upstream, once or twice (a retry on another account).
public sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

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

    public void Dispose()
    {
        if (_buffer.Length > 0)
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
}
