using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestSupport;

// Stands in for the Anthropic API (outside our system) on loopback: answers the Messages API
// with fixed usage, as JSON or as an event stream, and records what reached it. Answers are
// prepared bytes, so the stand-in costs little when benchmarks load it. Per access token a
// test can make it answer differently (a 429, a 500) and hold streams open.
public sealed class AnthropicStandIn : IAsyncDisposable
{
    public const string Model = "claude-sonnet-4-20250514";
    public const long InputTokens = 100;
    public const long OutputTokens = 50;
    public const long CacheRead = 30;
    public const long Ephemeral5m = 20;
    public const long Ephemeral1h = 10;

    // claude-sonnet-4-20250514 with the shipped price list: 100 × 3 + 50 × 15 + 30 × 0.30
    // + 20 × 3.75 + 10 × 6 USD per million tokens.
    public const decimal CostPerRequest = 0.001194m;

    private const string Usage = """{"input_tokens":100,"cache_creation_input_tokens":30,"cache_read_input_tokens":30,"cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":10},"output_tokens":50}""";

    private static readonly byte[] JsonAnswer = Encoding.UTF8.GetBytes(
        $$"""{"id":"msg_standin","type":"message","role":"assistant","model":"{{Model}}","content":[{"type":"text","text":"Hello from the stand-in."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{{Usage}}}""");

    private static readonly byte[] FirstEvent = Encoding.UTF8.GetBytes(
        $$$$"""
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_standin","type":"message","role":"assistant","model":"{{{{Model}}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":100,"cache_creation_input_tokens":30,"cache_read_input_tokens":30,"cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":10},"output_tokens":1}}}


        """.Replace("\r\n", "\n", StringComparison.Ordinal));

    private static readonly byte[] RestOfStream = Encoding.UTF8.GetBytes(
        """
        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello from the stand-in."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":50}}

        event: message_stop
        data: {"type":"message_stop"}


        """.Replace("\r\n", "\n", StringComparison.Ordinal));

    private static readonly byte[] Models = Encoding.UTF8.GetBytes(
        $$"""{"data":[{"type":"model","id":"{{Model}}","display_name":"Claude Sonnet 4","created_at":"2025-05-22T00:00:00Z"}],"has_more":false,"first_id":"{{Model}}","last_id":"{{Model}}"}""");

    private static readonly byte[] TokenCount = """{"input_tokens":42}"""u8.ToArray();

    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _maxInFlight = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    // Recorded when Record is on (tests); benchmarks leave it off.
    public bool Record { get; set; } = true;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    // How long each Messages answer waits before it starts.
    public TimeSpan Delay { get; set; }

    // Answers for particular access tokens instead of the normal one.
    public ConcurrentDictionary<string, Func<HttpContext, Task>> Overrides { get; } = new();

    // When set, event streams stop after their first event until it completes.
    public TaskCompletionSource? HoldStreams { get; set; }

    // Streams that have sent their first event.
    public int StreamsStarted => _streamsStarted;

    private int _streamsStarted;

    public int MaxInFlight(string accessToken) => _maxInFlight.GetValueOrDefault(accessToken);

    // Served with TLS when set, as the real API is.
    public X509Certificate2? Certificate { get; init; }

    public int InFlight(string accessToken) => _inFlight.GetValueOrDefault(accessToken);

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (Certificate is { } certificate)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        }
        else
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/messages", Messages);
        _app.MapPost("/v1/messages/count_tokens", (HttpContext context) => Answer(context, TokenCount));
        _app.MapGet("/v1/models", (HttpContext context) => Answer(context, Models));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static string TokenOf(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : "";
    }

    private async Task Messages(HttpContext context)
    {
        var token = TokenOf(context);
        var now = _inFlight.AddOrUpdate(token, 1, (_, count) => count + 1);
        _maxInFlight.AddOrUpdate(token, now, (_, max) => Math.Max(max, now));
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
            if (Record)
            {
                Requests.Enqueue(new SeenRequest(
                    token,
                    context.Request.Path,
                    context.Request.QueryString.Value ?? "",
                    context.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString()),
                    text));
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (Overrides.TryGetValue(token, out var answer))
            {
                await answer(context);
                return;
            }

            if (text.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.Body.WriteAsync(FirstEvent, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                Interlocked.Increment(ref _streamsStarted);
                if (HoldStreams is { } hold)
                {
                    await hold.Task.WaitAsync(context.RequestAborted);
                }

                await context.Response.Body.WriteAsync(RestOfStream, context.RequestAborted);
                return;
            }

            await Answer(context, JsonAnswer);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The gateway cancelled the request (its client left).
        }
        finally
        {
            _inFlight.AddOrUpdate(token, 0, (_, count) => count - 1);
        }
    }

    private static Task Answer(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}

public sealed record SeenRequest(string AccessToken, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
