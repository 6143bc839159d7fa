using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ServiceDefaults.Tests.Http;

namespace ServiceDefaults.Tests.Telemetry;

// Accepts OTLP/HTTP exports and keeps the raw protobuf bodies. Protobuf stores strings as
// plain UTF-8, so a byte search finds span names, attribute keys and values without decoding.
internal sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _exports = new();

    private FakeOtlpReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        var receiver = new FakeOtlpReceiver(app);
        app.MapPost("/v1/{signal}", receiver.RecordAsync);
        // Something for the service under test to call, so that it makes an outgoing HTTP call.
        app.MapGet("/ping", () => "pong");
        receiver.Url = await app.StartOnLoopbackAsync();
        return receiver;
    }

    // signal: traces, metrics or logs
    public bool Received(string signal) => Exports(signal).Any();

    public bool Received(string signal, string text) => Received(signal, Encoding.UTF8.GetBytes(text));

    // Matches one attribute exactly, where a text search could also hit another attribute
    // (url.full of a client span contains the path of the server span it called).
    public bool ReceivedAttribute(string signal, string key, string value) => Received(signal, EncodeAttribute(key, value));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task RecordAsync(string signal, HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        _exports.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(body.ToArray());
    }

    private bool Received(string signal, byte[] bytes) => Exports(signal).Any(export => export.AsSpan().IndexOf(bytes) >= 0);

    // An attribute is a KeyValue message: field 1 the key, field 2 an AnyValue whose field 1
    // is the string value.
    private static byte[] EncodeAttribute(string key, string value) =>
        [.. LengthDelimited(1, Encoding.UTF8.GetBytes(key)), .. LengthDelimited(2, LengthDelimited(1, Encoding.UTF8.GetBytes(value)))];

    private static byte[] LengthDelimited(int field, byte[] payload)
    {
        const int WireTypeLengthDelimited = 2;
        var encoded = new List<byte> { (byte)((field << 3) | WireTypeLengthDelimited) };
        var length = (uint)payload.Length;
        for (; length >= 0x80; length >>= 7)
        {
            encoded.Add((byte)(length | 0x80));
        }

        encoded.Add((byte)length);
        encoded.AddRange(payload);
        return [.. encoded];
    }

    private IEnumerable<byte[]> Exports(string signal) =>
        _exports.TryGetValue(signal, out var exports) ? exports : [];
}
