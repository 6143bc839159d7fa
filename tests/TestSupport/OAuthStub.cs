using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestSupport;

// Stands in for the OAuth token endpoint (outside our system): answers refresh requests
// with new tokens, or refuses them, and records what it was asked.
public sealed class OAuthStub : IAsyncDisposable
{
    private WebApplication? _app;
    private int _issued;

    public Uri TokenEndpoint { get; private set; } = null!;

    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    // Refresh tokens the stub refuses with 400 invalid_grant.
    public ConcurrentDictionary<string, bool> Revoked { get; } = new();

    // Refresh tokens the stub answers with 503, as a token endpoint that is down for a moment.
    public ConcurrentDictionary<string, bool> Unavailable { get; } = new();

    // How long each answer takes, to let concurrent refreshes overlap.
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(50);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/oauth/token", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            Requests.Enqueue(body);
            await Task.Delay(Latency);
            var refreshToken = body.GetProperty("refresh_token").GetString()!;
            if (Revoked.ContainsKey(refreshToken))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: (int)HttpStatusCode.BadRequest);
            }

            if (Unavailable.ContainsKey(refreshToken))
            {
                return Results.Json(new { error = "temporarily_unavailable" }, statusCode: (int)HttpStatusCode.ServiceUnavailable);
            }

            var number = Interlocked.Increment(ref _issued);
            return Results.Json(new
            {
                access_token = $"sk-ant-oat01-refreshed-{number}",
                refresh_token = $"sk-ant-ort01-refreshed-{number}",
                expires_in = 28800,
                scope = "user:inference user:profile",
            });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        TokenEndpoint = new Uri(new Uri(address), "/v1/oauth/token");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
