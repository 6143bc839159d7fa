using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ServiceDefaults.Tests.Http.Resilience;

public sealed class StandardResilienceHandlerTests
{
    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Transient_failures_are_retried_until_the_call_succeeds(int failureStatus)
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: 2, failureStatus);
        using var client = ResilientClient.Create();

        using var response = await client.Http.GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.RequestCount);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: 1, status);
        using var client = ResilientClient.Create();

        using var response = await client.Http.GetAsync(server.Url);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task The_last_failure_is_returned_once_the_retries_are_spent()
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: int.MaxValue, 503);
        using var client = ResilientClient.Create(options => options.MaxRetryAttempts = 2);

        using var response = await client.Http.GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task A_refused_connection_is_retried()
    {
        using var client = ResilientClient.Create();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Http.GetAsync(UnusedLocalUrl()));

        Assert.Equal(4, client.Counter.Attempts);
    }

    [Fact]
    public async Task A_post_that_reached_the_server_is_not_retried()
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: 1, 503);
        using var client = ResilientClient.Create();

        using var response = await client.Http.PostAsync(server.Url, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task A_post_whose_connection_was_refused_is_retried()
    {
        using var client = ResilientClient.Create();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Http.PostAsync(UnusedLocalUrl(), new StringContent("{}")));

        Assert.Equal(4, client.Counter.Attempts);
    }

    [Fact]
    public async Task A_post_is_retried_when_non_idempotent_retries_are_allowed()
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: 1, 503);
        using var client = ResilientClient.Create(options => options.RetryNonIdempotentRequests = true);

        using var response = await client.Http.PostAsync(server.Url, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried()
    {
        await using var server = await StubServer.StartAsync((number, context) =>
            number == 1 ? StubServer.HangAsync(context) : Task.CompletedTask);
        using var client = ResilientClient.Create(options => options.AttemptTimeout = TimeSpan.FromMilliseconds(200));

        using var response = await client.Http.GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task The_total_timeout_ends_the_call_even_while_an_attempt_is_still_running()
    {
        await using var server = await StubServer.StartAsync((_, context) => StubServer.HangAsync(context));
        using var client = ResilientClient.Create(options => options.TotalRequestTimeout = TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.Http.GetAsync(server.Url));

        // The attempt timeout (10 s) would have ended the call only much later.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task The_retry_waits_as_long_as_retry_after_asks(int status)
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(
            failures: 1, status, response => response.Headers.RetryAfter = "1");
        var time = new RecordingTimeProvider();
        using var client = ResilientClient.Create(timeProvider: time);

        using var response = await client.Http.GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TimeSpan.FromSeconds(1), time.RequestedDelays);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_then_fails_calls_at_once()
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: int.MaxValue, 500);
        using var client = ResilientClient.Create(options =>
        {
            options.MaxRetryAttempts = 0;
            options.CircuitBreakerMinimumThroughput = 2;
            options.CircuitBreakerFailureRatio = 0.5;
        });

        (await client.Http.GetAsync(server.Url)).Dispose();
        (await client.Http.GetAsync(server.Url)).Dispose();
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.Http.GetAsync(server.Url));

        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Options_are_read_from_configuration()
    {
        await using var server = await StubServer.FailingThenSucceedingAsync(failures: int.MaxValue, 503);
        using var client = ResilientClient.Create(configuration: new()
        {
            ["HttpClientDefaults:Resilience:MaxRetryAttempts"] = "1",
        });

        using var response = await client.Http.GetAsync(server.Url);

        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task A_response_that_is_retried_is_disposed()
    {
        var responses = new Queue<HttpResponseMessage>([Response(HttpStatusCode.ServiceUnavailable), Response(HttpStatusCode.OK)]);
        var discarded = (TrackedContent)responses.Peek().Content;
        using var client = ResilientClient.Create(primaryHandler: () => new ScriptedHandler(responses));

        using var response = await client.Http.GetAsync("http://scripted.test/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(discarded.IsDisposed);
        Assert.False(((TrackedContent)response.Content).IsDisposed);
    }

    private static HttpResponseMessage Response(HttpStatusCode status) => new(status) { Content = new TrackedContent() };

    private static Uri UnusedLocalUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private sealed class ScriptedHandler(Queue<HttpResponseMessage> responses) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(responses.Dequeue());
    }

    private sealed class TrackedContent : ByteArrayContent
    {
        public TrackedContent()
            : base([])
        {
        }

        public bool IsDisposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            IsDisposed = true;
            base.Dispose(disposing);
        }
    }
}
