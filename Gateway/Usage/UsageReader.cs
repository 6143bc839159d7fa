using System.Buffers;
using System.Text.Json;

namespace Gateway.Usage;

// Reads the usage out of an answer while it passes: a JSON body is kept (up to a bound) and
// read at the end; an event stream is split into lines as it flows and only the
// message_start and message_delta events are parsed. Nothing is held back from the client.
public sealed class UsageReader : IDisposable
{
    private const int MaxJsonBody = 4 * 1024 * 1024;
    private const int MaxEventLine = 1024 * 1024;

    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> MessageStart => "\"message_start\""u8;

    private static ReadOnlySpan<byte> MessageDelta => "\"message_delta\""u8;

    private readonly bool _eventStream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;
    private bool _overflow;
    private TokenUsage _usage;

    public UsageReader(bool eventStream) => _eventStream = eventStream;

    public bool EventStream => _eventStream;

    public string? Model { get; private set; }

    // Whether the answer reported usage at all (a stream cut before message_start did not).
    public bool HasUsage { get; private set; }

    public TokenUsage Usage => _usage;

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        if (!_eventStream)
        {
            Append(chunk, MaxJsonBody);
            return;
        }

        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(chunk, MaxEventLine);
                return;
            }

            Append(chunk[..newline], MaxEventLine);
            ReadEventLine();
            _length = 0;
            _overflow = false;
            chunk = chunk[(newline + 1)..];
        }
    }

    // Reads a JSON body once it is complete.
    public void Finish()
    {
        if (!_eventStream && !_overflow && _length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(_buffer.AsMemory(0, _length));
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    ReadModel(root);
                    if (root.TryGetProperty("usage", out var usage))
                    {
                        Merge(usage);
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: no usage.
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void ReadEventLine()
    {
        if (_overflow)
        {
            return;
        }

        var line = _buffer.AsSpan(0, _length);
        if (!line.StartsWith(DataPrefix))
        {
            return;
        }

        var isStart = line.IndexOf(MessageStart) >= 0;
        if (!isStart && line.IndexOf(MessageDelta) < 0)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(_buffer.AsMemory(DataPrefix.Length, _length - DataPrefix.Length));
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "message_start" && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                ReadModel(message);
                if (message.TryGetProperty("usage", out var usage))
                {
                    Merge(usage);
                }
            }
            else if (type == "message_delta" && root.TryGetProperty("usage", out var delta))
            {
                Merge(delta);
            }
        }
        catch (JsonException)
        {
            // A malformed event carries no usage we could trust.
        }
    }

    private void ReadModel(JsonElement message)
    {
        if (message.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String)
        {
            Model = model.GetString();
        }
    }

    // Later events repeat or complete earlier counts (message_delta carries the final output
    // tokens and, from newer APIs, cumulative input and cache counts): a field they carry
    // replaces the earlier value.
    private void Merge(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        HasUsage = true;
        _usage.Input = Read(usage, "input_tokens", _usage.Input);
        _usage.Output = Read(usage, "output_tokens", _usage.Output);
        _usage.CacheRead = Read(usage, "cache_read_input_tokens", _usage.CacheRead);
        var cacheCreate = Read(usage, "cache_creation_input_tokens", _usage.CacheCreate);
        if (usage.TryGetProperty("cache_creation", out var breakdown) && breakdown.ValueKind == JsonValueKind.Object)
        {
            _usage.Ephemeral5m = Read(breakdown, "ephemeral_5m_input_tokens", _usage.Ephemeral5m);
            _usage.Ephemeral1h = Read(breakdown, "ephemeral_1h_input_tokens", _usage.Ephemeral1h);
            _usage.HasCacheBreakdown = true;

            // As the legacy relay counts it: with a breakdown, cache writes are its sum.
            cacheCreate = _usage.Ephemeral5m + _usage.Ephemeral1h;
        }

        _usage.CacheCreate = cacheCreate;
    }

    private static long Read(JsonElement usage, string name, long current) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : current;

    private void Append(ReadOnlySpan<byte> bytes, int limit)
    {
        if (_overflow)
        {
            return;
        }

        if (_length + bytes.Length > limit)
        {
            _overflow = true;
            return;
        }

        if (_length + bytes.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes.Length));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }
}
