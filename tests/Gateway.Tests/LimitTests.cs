using System.Net;
using DataAccess.ApiKeys;
using Gateway.Limits;
using Gateway.Tests.Support;
using TestSupport;

namespace Gateway.Tests;

// Steps 4 to 6 of the legacy order: concurrency, the rate-limit window (requests, tokens)
// and the daily cost, each a 429 with its message.
public sealed class LimitTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("limits");

    public Task DisposeAsync()
    {
        environment.ReleaseHeldStreams();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_request_over_the_concurrency_limit_is_refused_until_one_ends()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        environment.Upstream.HoldStreams.SetResult();
        await held.Content.ReadAsStringAsync();
        using var admitted = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await AssertError.IsAsync(refused, "rate_limit_error", "Concurrency limit exceeded: too many concurrent requests. Limit: 1 concurrent requests");
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    // A request is ended before its answer's last bytes go out (a known length) or before its
    // response completes (a stream), and the ledger counts operations in the order they were
    // asked for: a client that reads each answer to its end never meets its own last request.
    // Ended after the response, as before, this failed only when the client won a race of a
    // few microseconds (it passed three runs so mutated); AnswerStreamTests pins the order.
    [Fact]
    public async Task A_client_that_reads_each_answer_to_its_end_is_never_refused_at_a_concurrency_limit_of_one()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);

        var refused = new List<string>();
        for (var request = 0; request < 150; request++)
        {
            var (path, content) = (request % 3) switch
            {
                0 => ("/v1/messages", GatewayEnvironment.Message()),
                1 => ("/v1/messages", GatewayEnvironment.Message(stream: true)),
                _ => ("/v1/messages/count_tokens", GatewayEnvironment.Message()),
            };
            using var response = await client.PostAsync(path, content);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused.Add($"request {request} to {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.Empty(refused);
    }

    [Fact]
    public async Task Requests_beyond_the_window_limit_are_refused_with_retry_after()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { RateLimitWindowMinutes = 1, RateLimitRequests = 2 });
        using var client = environment.Client(key.ApiKey);

        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        using var third = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        await AssertError.IsAsync(third, "rate_limit_error", "Rate limit exceeded: 2 requests per 1 minutes; resets in 1 minutes");
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("2", await environment.Redis.StringGetAsync(LimitKeys.WindowRequests(key.Id)));
    }

    [Fact]
    public async Task Tokens_beyond_the_window_limit_are_refused()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { RateLimitWindowMinutes = 5, TokenLimit = 200 });
        using var client = environment.Client(key.ApiKey);

        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        await AssertError.IsAsync(second, "rate_limit_error", "Rate limit exceeded: 200 tokens per 5 minutes; resets in 5 minutes");
        Assert.NotNull(second.Headers.RetryAfter);

        // Input, output, cache writes and cache reads of the first answer.
        Assert.Equal("210", await environment.Redis.StringGetAsync(LimitKeys.WindowTokens(key.Id)));
    }

    [Fact]
    public async Task Requests_beyond_the_daily_cost_limit_are_refused()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { DailyCostLimit = 0.001m });
        using var client = environment.Client(key.ApiKey);

        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        await AssertError.IsAsync(second, "rate_limit_error", "Daily cost limit exceeded: the limit of $0.001 per day is reached");
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value.TotalHours, 0, 24);
    }

    // 64 clients at once, half on each of two gateways sharing Redis: the stand-in never sees
    // more requests of the key's account in flight than the key's limit.
    [Fact]
    public async Task Concurrency_never_exceeds_the_limit_under_64_parallel_clients_across_two_gateways()
    {
        const int limit = 5;
        var token = $"sk-ant-oat01-concurrency-{Guid.NewGuid():N}";
        var account = await environment.CreateAccountAsync(token, accountType: "dedicated");
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = limit }, boundAccount: account.ToString());
        var second = environment.Gateways.Count > 1 ? environment.Gateways[1] : environment.StartGateway();
        await environment.RefreshAccountsAsync();
        environment.Upstream.Delay = TimeSpan.FromMilliseconds(20);
        var clients = new[] { environment.Client(key.ApiKey), environment.Client(key.ApiKey, second) };
        var admitted = 0;
        var refused = 0;
        try
        {
            await Parallel.ForAsync(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) =>
            {
                for (var request = 0; request < 8; request++)
                {
                    using var response = await clients[client % 2].PostAsync("/v1/messages", GatewayEnvironment.Message());
                    Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref admitted : ref refused);
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {response.StatusCode}");
                }
            });
        }
        finally
        {
            environment.Upstream.Delay = TimeSpan.Zero;
        }

        Assert.InRange(environment.Upstream.MaxInFlight(token), 2, limit);
        Assert.True(admitted >= limit, $"{admitted} admitted");
        Assert.True(refused > 0, "64 clients against a limit of 5 must meet refusals");
        await WaitForLeasesAsync(key.Id, 0);
    }

    // Clients that leave mid-stream end their requests: their leases are released.
    [Fact]
    public async Task Leases_of_aborted_requests_are_released()
    {
        var token = $"sk-ant-oat01-aborts-{Guid.NewGuid():N}";
        var account = await environment.CreateAccountAsync(token, accountType: "dedicated");
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 3 }, boundAccount: account.ToString());
        await environment.RefreshAccountsAsync();
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = environment.Client(key.ApiKey);

        for (var round = 0; round < 4; round++)
        {
            await Parallel.ForAsync(0, 3, async (_, _) =>
            {
                using var abort = new CancellationTokenSource();
                using var response = await client.SendAsync(
                    new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) },
                    HttpCompletionOption.ResponseHeadersRead,
                    abort.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var stream = await response.Content.ReadAsStreamAsync(abort.Token);
                _ = await stream.ReadAsync(new byte[256], abort.Token);
                abort.Cancel();
            });
            await WaitForLeasesAsync(key.Id, 0);

            // The upstream learns that a cancelled request is over only when the closed
            // connection reaches it, which may be after the gateway gave the lease back; the
            // limit is counted at the stand-in, so a round starts once it has let go too.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (environment.Upstream.InFlight(token) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the stand-in still serves the aborted requests");
                await Task.Delay(20);
            }
        }

        // Every lease is free again: three requests are admitted at once, a fourth is not.
        var held = new List<HttpResponseMessage>();
        for (var request = 0; request < 3; request++)
        {
            held.Add(await client.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead));
        }

        using var fourth = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        environment.Upstream.HoldStreams.SetResult();
        foreach (var response in held)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.InRange(environment.Upstream.MaxInFlight(token), 1, 3);
    }

    private async Task WaitForLeasesAsync(Guid keyId, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long leases;
        while ((leases = await environment.Redis.SortedSetLengthAsync(LimitKeys.Concurrency(keyId))) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, leases);
    }
}
