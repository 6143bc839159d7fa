using System.Net;
using DataAccess.ApiKeys;
using Gateway.Limits;
using Gateway.Tests.Support;
using TestSupport;

namespace Gateway.Tests;

// Gateways with the wait queue on: a request over its key's concurrency limit waits for a
// lease instead of an immediate 429, in a queue of at most two per key, for at most two seconds.
public sealed class WaitQueueEnvironment : GatewayEnvironment
{
    public const int MaxWaiters = 2;

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Limits:WaitQueue:Enabled"] = "true",
        ["Gateway:Limits:WaitQueue:MaxWaiters"] = MaxWaiters.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:Limits:WaitQueue:Timeout"] = "00:00:02",
        ["Gateway:Limits:WaitQueue:PollInterval"] = "00:00:00.010",
    };
}

// Room for every one of 64 clients to wait, for up to ten seconds.
public sealed class WaitQueueLoadEnvironment : GatewayEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Limits:WaitQueue:Enabled"] = "true",
        ["Gateway:Limits:WaitQueue:MaxWaiters"] = "64",
        ["Gateway:Limits:WaitQueue:Timeout"] = "00:00:10",
    };
}

public sealed class WaitQueueTests(WaitQueueEnvironment environment) : IClassFixture<WaitQueueEnvironment>, IAsyncLifetime
{
    private const string ConcurrencyRefusal = "Concurrency limit exceeded: too many concurrent requests. Limit: 1 concurrent requests";

    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("queue");

    public Task DisposeAsync()
    {
        environment.ReleaseHeldStreams();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_request_over_the_limit_waits_and_is_answered_when_the_lease_frees()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        using var held = await HoldOneAsync(client);

        var waiting = client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await WaitForWaitersAsync(key.Id, 1);
        Assert.False(waiting.IsCompleted);
        environment.Upstream.HoldStreams!.SetResult();
        await held.Content.ReadAsStringAsync();
        using var answered = await waiting;

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await WaitForWaitersAsync(key.Id, 0);
    }

    [Fact]
    public async Task A_request_finding_the_queue_full_is_refused_at_once()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        using var held = await HoldOneAsync(client);
        var waiters = Enumerable.Range(0, WaitQueueEnvironment.MaxWaiters).Select(_ => client.PostAsync("/v1/messages", GatewayEnvironment.Message())).ToList();
        await WaitForWaitersAsync(key.Id, WaitQueueEnvironment.MaxWaiters);

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        var refusedWhileOthersWaited = waiters.All(waiter => !waiter.IsCompleted);
        environment.Upstream.HoldStreams!.SetResult();
        await held.Content.ReadAsStringAsync();
        var answered = await Task.WhenAll(waiters);

        Assert.True(refusedWhileOthersWaited);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await AssertError.IsAsync(refused, "rate_limit_error", ConcurrencyRefusal);
        Assert.All(answered, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in answered)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_request_still_waiting_at_the_timeout_is_refused()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        using var held = await HoldOneAsync(client);

        var waiting = client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await WaitForWaitersAsync(key.Id, 1);
        using var refused = await waiting;
        var waitersAfterTimeout = await environment.Redis.SortedSetLengthAsync(LimitKeys.WaitQueue(key.Id));
        environment.Upstream.HoldStreams!.SetResult();
        await held.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await AssertError.IsAsync(refused, "rate_limit_error", ConcurrencyRefusal);
        Assert.Equal(0, waitersAfterTimeout);
    }

    [Fact]
    public async Task A_waiting_client_that_leaves_leaves_the_queue()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        using var held = await HoldOneAsync(client);
        using var abort = new CancellationTokenSource();

        var waiting = client.PostAsync("/v1/messages", GatewayEnvironment.Message(), abort.Token);
        await WaitForWaitersAsync(key.Id, 1);
        abort.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // Well before its two-second deadline would have removed it.
        await WaitForWaitersAsync(key.Id, 0, within: TimeSpan.FromSeconds(1));
        environment.Upstream.HoldStreams!.SetResult();
        await held.Content.ReadAsStringAsync();

        // It took no lease with it: the next request is admitted.
        using var next = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private async Task<HttpResponseMessage> HoldOneAsync(HttpClient client)
    {
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        return held;
    }

    private async Task WaitForWaitersAsync(Guid keyId, long expected, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        long waiters;
        while ((waiters = await environment.Redis.SortedSetLengthAsync(LimitKeys.WaitQueue(keyId))) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(expected, waiters);
    }
}

public sealed class WaitQueueLoadTests(WaitQueueLoadEnvironment environment) : IClassFixture<WaitQueueLoadEnvironment>
{
    // 64 clients, half on each of two gateways sharing Redis, most of them waiting: the
    // stand-in never sees more requests of the key in flight than its limit.
    [Fact]
    public async Task Waiters_never_put_more_than_the_limit_in_flight_under_64_parallel_clients_across_two_gateways()
    {
        const int limit = 3;
        var token = $"sk-ant-oat01-queue-load-{Guid.NewGuid():N}";
        var account = await environment.CreateAccountAsync(token, accountType: "dedicated");
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = limit }, boundAccount: account.ToString());
        var second = environment.Gateways.Count > 1 ? environment.Gateways[1] : environment.StartGateway();
        await environment.RefreshAccountsAsync();
        environment.Upstream.Delay = TimeSpan.FromMilliseconds(20);
        var clients = new[] { environment.Client(key.ApiKey), environment.Client(key.ApiKey, second) };
        var admitted = 0;
        try
        {
            await Parallel.ForAsync(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) =>
            {
                for (var request = 0; request < 4; request++)
                {
                    using var response = await clients[client % 2].PostAsync("/v1/messages", GatewayEnvironment.Message());
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {response.StatusCode}");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref admitted);
                    }
                }
            });
        }
        finally
        {
            environment.Upstream.Delay = TimeSpan.Zero;
        }

        Assert.InRange(environment.Upstream.MaxInFlight(token), 2, limit);

        // Without the queue, 62 of the first 64 requests at once are refused; waiting lets
        // more than the first wave through.
        Assert.True(admitted > 64, $"{admitted} admitted");
        Assert.Equal(0, await environment.Redis.SortedSetLengthAsync(LimitKeys.WaitQueue(key.Id)));
    }

}
