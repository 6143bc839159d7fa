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
        if (_eventStream || _overflow || _length == 0)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(0, _length));
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            var message = ReadMessage(ref reader);
            EnsureEnd(ref reader);
            Apply(message.Model, message.Usage);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON after all (or text with a broken escape): no usage.
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
            var reader = new Utf8JsonReader(line[DataPrefix.Length..]);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            string? type = null;
            (string? Model, UsageFields? Usage) message = default;
            UsageFields? delta = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        message = ReadMessage(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    delta = ReadUsage(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            EnsureEnd(ref reader);
            if (type == "message_start")
            {
                Apply(message.Model, message.Usage);
            }
            else if (type == "message_delta")
            {
                Apply(null, delta);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // A malformed event carries no usage we could trust.
        }
    }

    // A message object's model and usage, the reader on its StartObject; the rest is skipped
    // without being looked at, however long the answer's content.
    private static (string? Model, UsageFields? Usage) ReadMessage(ref Utf8JsonReader reader)
    {
        string? model = null;
        UsageFields? usage = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = reader.TokenType == JsonTokenType.String ? reader.GetString() : model;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                usage = ReadUsage(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return (model, usage);
    }

    // The counts a usage object carries, the reader on the property's name; null when the
    // value is not an object.
    private static UsageFields? ReadUsage(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var fields = new UsageFields();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                fields.Input = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                fields.Output = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                fields.CacheRead = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                fields.CacheCreate = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    fields.HasBreakdown = true;
                    ReadBreakdown(ref reader, ref fields);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return fields;
    }

    private static void ReadBreakdown(ref Utf8JsonReader reader, ref UsageFields fields)
    {
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("ephemeral_5m_input_tokens"u8))
            {
                fields.Ephemeral5m = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8))
            {
                fields.Ephemeral1h = ReadCount(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }
    }

    // Skips the value of the property the reader is on, however deep it goes.
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    // Moves to the object's next property name; false at its end.
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    // A property's value as a count, the reader on its name; null when it is not an integer.
    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var count))
        {
            return count;
        }

        reader.Skip();
        return null;
    }

    // Nothing may follow the root object: a body with more after it is not JSON.
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Content follows the JSON value.");
        }
    }

    // Later events repeat or complete earlier counts (message_delta carries the final output
    // tokens and, from newer APIs, cumulative input and cache counts): a field they carry
    // replaces the earlier value.
    private void Apply(string? model, UsageFields? reported)
    {
        Model = model ?? Model;
        if (reported is not { } usage)
        {
            return;
        }

        HasUsage = true;
        _usage.Input = usage.Input ?? _usage.Input;
        _usage.Output = usage.Output ?? _usage.Output;
        _usage.CacheRead = usage.CacheRead ?? _usage.CacheRead;
        _usage.CacheCreate = usage.CacheCreate ?? _usage.CacheCreate;
        if (usage.HasBreakdown)
        {
            _usage.Ephemeral5m = usage.Ephemeral5m ?? _usage.Ephemeral5m;
            _usage.Ephemeral1h = usage.Ephemeral1h ?? _usage.Ephemeral1h;
            _usage.HasCacheBreakdown = true;

            // As the legacy relay counts it: with a breakdown, cache writes are its sum.
            _usage.CacheCreate = _usage.Ephemeral5m + _usage.Ephemeral1h;
        }
    }

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

    private struct UsageFields
    {
        public long? Input;
        public long? Output;
        public long? CacheRead;
        public long? CacheCreate;
        public long? Ephemeral5m;
        public long? Ephemeral1h;
        public bool HasBreakdown;
    }
}
