using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataService.Tests.Monitoring;

// A webhook on 127.0.0.1 that records every POST per path, and can refuse the first attempts
// at a path with 503 to make the sender retry.
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{hook}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver._app = app;
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    public string UrlOf(string hook) => new Uri(BaseAddress, hook).ToString();

    public void RefuseFirst(string hook, int attempts) => _refusals[hook] = attempts;

    public IReadOnlyList<JsonElement> Accepted(string hook) => _accepted.TryGetValue(hook, out var received) ? [.. received] : [];

    public IReadOnlyList<JsonElement> Accepted(string hook, string status) =>
        [.. Accepted(hook).Where(notification => notification.GetProperty("status").GetString() == status)];

    public int Attempts(string hook) => _attempts.GetValueOrDefault(hook);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> ReceiveAsync(string hook, HttpRequest request)
    {
        var notification = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
        var attempt = _attempts.AddOrUpdate(hook, 1, (_, count) => count + 1);
        if (attempt <= _refusals.GetValueOrDefault(hook))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        _accepted.GetOrAdd(hook, _ => new ConcurrentQueue<JsonElement>()).Enqueue(notification);
        return Results.Ok();
    }
}
