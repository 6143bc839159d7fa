using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Tests.Http;

// A stand-in for a remote service that answers each request as the test scripts it and
// counts the requests that reached it.
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requestCount;

    private StubServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int RequestCount => Volatile.Read(ref _requestCount);

    // respond receives the 1-based number of the request.
    public static async Task<StubServer> StartAsync(Func<int, HttpContext, Task> respond)
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        var server = new StubServer(app);
        app.Run(context => respond(Interlocked.Increment(ref server._requestCount), context));
        server.Url = await app.StartOnLoopbackAsync();
        return server;
    }

    public static Task<StubServer> FailingThenSucceedingAsync(int failures, int failureStatus, Action<HttpResponse>? decorateFailure = null) =>
        StartAsync((number, context) =>
        {
            if (number <= failures)
            {
                context.Response.StatusCode = failureStatus;
                decorateFailure?.Invoke(context.Response);
            }

            return Task.CompletedTask;
        });

    // Holds the request open until the client gives up on it.
    public static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is what the test waits for.
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
