using System.Diagnostics;
using System.Net;
using DataAccess.ApiKeys;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using TestSupport;

namespace Gateway.Tests;

// A key cache with a short TTL, so that refreshing and expiry happen within a test.
public sealed class ShortKeyCacheEnvironment : GatewayEnvironment
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ServeStaleFor = TimeSpan.FromSeconds(3);

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:KeyCache:Ttl"] = Ttl.ToString(),
        ["Gateway:KeyCache:ServeStaleFor"] = ServeStaleFor.ToString(),
    };

    // These tests take the DataService down and bring it back, and look at what the key cache
    // does. Whether the HTTP client's circuit breaker opens meanwhile depends on how many calls
    // the gateway happened to make in the 30 s before (it needs 100); when it does, every call
    // fails for 5 s after the DataService is back. It is kept out of their way.
    protected override void ConfigureGatewayServices(IServiceCollection services) =>
        services.ConfigureAll<HttpStandardResilienceOptions>(options => options.CircuitBreaker.MinimumThroughput = int.MaxValue);
}

// How the gateway's key cache meets the DataService: once per key however many requests
// bring it, ahead of expiry for a key in use, never caching what a change made stale, and
// standing in for the DataService while it is down.
public sealed class KeyCacheTests(ShortKeyCacheEnvironment environment) : IClassFixture<ShortKeyCacheEnvironment>, IAsyncLifetime
{
    private const string Validate = "/validate";

    private DataServiceTraffic Traffic => environment.DataServiceTraffic;

    public async Task InitializeAsync()
    {
        await environment.UseOnlyNewAccountAsync("key-cache");
        // The account's creation reaches the gateway's token cache through the invalidation
        // channel, within a second; the warm-up request then fetches the token. These tests
        // hold the DataService's answers or take it down, and want only validations behind it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var warm = environment.Client((await environment.CreateKeyAsync()).ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await warm.PostAsync("/v1/messages", GatewayEnvironment.Message())).StatusCode);
    }

    public Task DisposeAsync()
    {
        Traffic.HeldAnswers?.TrySetResult();
        Traffic.HeldAnswers = null;
        environment.DataServiceDown = false;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Requests_that_bring_an_uncached_key_at_once_validate_it_once()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var before = Traffic.CallsTo(Validate);
        Traffic.HeldAnswers = new TaskCompletionSource();

        var requests = Enumerable.Range(0, 32).Select(_ => client.PostAsync("/v1/messages", GatewayEnvironment.Message())).ToArray();
        await WaitUntilAsync(() => Traffic.CallsTo(Validate) > before, "the first request did not reach the DataService");
        // The other requests arrive while the first one's validation is held.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Traffic.HeldAnswers.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, Traffic.CallsTo(Validate) - before);
    }

    [Fact]
    public async Task A_key_in_use_is_validated_again_before_its_ttl_ends_without_holding_the_request()
    {
        using var client = await ClientOfCachedKeyAsync();
        var cached = Stopwatch.StartNew();
        var before = Traffic.CallsTo(Validate);

        // In the last fifth of the TTL, with the DataService's answers held back.
        await Task.Delay(ShortKeyCacheEnvironment.Ttl * 0.84);
        Traffic.HeldAnswers = new TaskCompletionSource();
        using var response = await client.PostAsync("/v1/messages", GatewayEnvironment.Message()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(cached.Elapsed < ShortKeyCacheEnvironment.Ttl, $"the request came {cached.Elapsed.TotalSeconds:F1} s after the key was cached, past its TTL; the machine is too slow for this test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitUntilAsync(() => Traffic.CallsTo(Validate) > before, "the key was not validated again in the background");
        Traffic.HeldAnswers.SetResult();
    }

    [Fact]
    public async Task A_validation_that_began_before_a_change_is_not_cached()
    {
        var key = await environment.CreateKeyAsync();
        using var client = environment.Client(key.ApiKey);
        var before = Traffic.CallsTo(Validate);
        Traffic.HeldAnswers = new TaskCompletionSource();
        var first = client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await WaitUntilAsync(() => Traffic.CallsTo(Validate) > before, "the request did not reach the DataService");

        // The DataService has answered "active"; the key is disabled before that answer arrives.
        (await environment.Keys.UpdateApiKeyAsync(key.Id, new ApiKeyUpdate { IsActive = false })).Unwrap();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Traffic.HeldAnswers.SetResult();
        using var firstResponse = await first;
        using var second = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        await AssertError.IsAsync(second, "authentication_error", "API key is disabled");
    }

    [Fact]
    public async Task While_the_DataService_is_down_a_cached_key_is_served_for_a_while_past_its_ttl()
    {
        using var client = await ClientOfCachedKeyAsync();
        var cached = Stopwatch.StartNew();
        environment.DataServiceDown = true;

        await Task.Delay(ShortKeyCacheEnvironment.Ttl + TimeSpan.FromSeconds(0.5));
        using var pastTtl = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        var pastTtlAt = cached.Elapsed;
        await Task.Delay(ShortKeyCacheEnvironment.Ttl + ShortKeyCacheEnvironment.ServeStaleFor + TimeSpan.FromSeconds(0.5) - cached.Elapsed);
        using var pastStale = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        environment.DataServiceDown = false;
        // A failed validation is tried again after a second, not on every request.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var back = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.True(pastTtlAt < ShortKeyCacheEnvironment.Ttl + ShortKeyCacheEnvironment.ServeStaleFor, $"the request meant to come within the stale time came {pastTtlAt.TotalSeconds:F1} s after the key was cached; the machine is too slow for this test");
        Assert.True(pastTtl.StatusCode == HttpStatusCode.OK, await pastTtl.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pastStale.StatusCode);
        await AssertError.IsAsync(pastStale, "overloaded_error", "The gateway cannot validate keys right now");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    // The first request waits a second for the hung validation; those after it, while it still
    // hangs, do not wait for it again.
    [Fact]
    public async Task A_key_past_its_ttl_whose_validation_hangs_is_answered_from_the_cache_after_a_second()
    {
        using var client = await ClientOfCachedKeyAsync();
        var before = Traffic.CallsTo(Validate);

        await Task.Delay(ShortKeyCacheEnvironment.Ttl + TimeSpan.FromSeconds(0.5));
        Traffic.HeldAnswers = new TaskCompletionSource();
        var waited = Stopwatch.StartNew();
        using var first = await client.PostAsync("/v1/messages", GatewayEnvironment.Message()).WaitAsync(TimeSpan.FromSeconds(30));
        var firstWaited = waited.Elapsed;
        var statuses = new List<HttpStatusCode>();
        for (var request = 0; request < 4; request++)
        {
            using var next = await client.PostAsync("/v1/messages", GatewayEnvironment.Message()).WaitAsync(TimeSpan.FromSeconds(30));
            statuses.Add(next.StatusCode);
        }

        var nextWaited = waited.Elapsed - firstWaited;
        Traffic.HeldAnswers.SetResult();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, Traffic.CallsTo(Validate) - before);
        Assert.True(firstWaited >= TimeSpan.FromSeconds(1), $"the first request was answered after {firstWaited.TotalMilliseconds:F1} ms, without waiting for the validation");
        Assert.True(nextWaited < TimeSpan.FromSeconds(3), $"the next four requests took {nextWaited.TotalMilliseconds:F0} ms: they waited for the hung validation again");
    }

    // A client with a new key that one answered request has put in the gateway's cache.
    private async Task<HttpClient> ClientOfCachedKeyAsync()
    {
        var client = environment.Client((await environment.CreateKeyAsync()).ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/messages", GatewayEnvironment.Message())).StatusCode);
        return client;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), failure);
            await Task.Delay(20);
        }
    }
}
