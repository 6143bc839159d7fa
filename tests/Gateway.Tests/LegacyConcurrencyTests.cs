using System.Net;
using DataAccess.ApiKeys;
using Gateway.Limits;
using Gateway.Tests.Support;
using TestSupport;

namespace Gateway.Tests;

// Running beside a claude-relay-service on the same Redis, a key's concurrency slots are
// shared whatever form the other relay keeps them in: the string counter of the reference
// version (INCR/DECR, layout §5.12) or the sorted set of its later versions.
public sealed class LegacyCounterEnvironment : GatewayEnvironment
{
    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Limits:ConcurrencyForm"] = "Counter",
    };
}

public sealed class LegacyConcurrencyCounterTests(LegacyCounterEnvironment environment) : IClassFixture<LegacyCounterEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("counter");

    public Task DisposeAsync()
    {
        environment.ReleaseHeldStreams();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_slot_the_other_relay_counted_is_refused_to_us_until_it_gives_it_back()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);

        // The reference relay's increment: INCR, then EXPIRE 180.
        await environment.Redis.StringIncrementAsync(LimitKeys.Concurrency(key.Id));
        await environment.Redis.KeyExpireAsync(LimitKeys.Concurrency(key.Id), TimeSpan.FromSeconds(180));
        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await environment.Redis.StringDecrementAsync(LimitKeys.Concurrency(key.Id));
        using var admitted = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await AssertError.IsAsync(refused, "rate_limit_error", "Concurrency limit exceeded: too many concurrent requests. Limit: 1 concurrent requests");
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task Our_request_is_counted_in_the_string_counter_the_other_relay_reads_until_it_ends()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 2 });
        using var client = environment.Client(key.ApiKey);
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);

        var typeWhileHeld = await environment.Redis.KeyTypeAsync(LimitKeys.Concurrency(key.Id));
        var countWhileHeld = (long)await environment.Redis.StringGetAsync(LimitKeys.Concurrency(key.Id));
        var ttlWhileHeld = await environment.Redis.KeyTimeToLiveAsync(LimitKeys.Concurrency(key.Id));
        environment.Upstream.HoldStreams.SetResult();
        await held.Content.ReadAsStringAsync();
        await environment.WaitForCounterAsync(LimitKeys.Concurrency(key.Id), 0);

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(StackExchange.Redis.RedisType.String, typeWhileHeld);
        Assert.Equal(1, countWhileHeld);
        Assert.InRange(ttlWhileHeld!.Value.TotalSeconds, 1, 180);
        Assert.False(await environment.Redis.KeyExistsAsync(LimitKeys.CounterLeases(key.Id)));
    }

    // Both relays' slots add up in the one counter: the other relay's and ours fill the limit.
    [Fact]
    public async Task The_other_relays_slots_and_ours_add_up_to_the_limit()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 2 });
        using var client = environment.Client(key.ApiKey);
        await environment.Redis.StringIncrementAsync(LimitKeys.Concurrency(key.Id));
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        var countWhileHeld = (long)await environment.Redis.StringGetAsync(LimitKeys.Concurrency(key.Id));
        environment.Upstream.HoldStreams.SetResult();
        await held.Content.ReadAsStringAsync();
        await environment.WaitForCounterAsync(LimitKeys.Concurrency(key.Id), 1);

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(2, countWhileHeld);
    }

    // A gateway that crashed holding a counted slot does not hold it forever: its lease
    // expires and the slot is given back to the counter.
    [Fact]
    public async Task A_counted_slot_of_a_crashed_gateway_is_given_back_when_its_lease_expires()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        await environment.Redis.StringIncrementAsync(LimitKeys.Concurrency(key.Id));
        await environment.Redis.SortedSetAddAsync(LimitKeys.CounterLeases(key.Id), "crashed-gateway-request", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());

        using var admitted = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        await environment.WaitForCounterAsync(LimitKeys.Concurrency(key.Id), 0);
    }

    [Fact]
    public async Task A_sorted_set_of_the_later_relay_is_respected_too()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        await environment.Redis.SortedSetAddAsync(LimitKeys.Concurrency(key.Id), "other-relay-request", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(StackExchange.Redis.RedisType.SortedSet, await environment.Redis.KeyTypeAsync(LimitKeys.Concurrency(key.Id)));
    }
}

// With the default form (sorted sets), a string counter the reference relay already keeps
// for a key still counts: our requests are counted in it instead.
public sealed class LegacyConcurrencyFormTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("form");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_string_counter_of_the_reference_relay_counts_against_our_limit()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        await environment.Redis.StringIncrementAsync(LimitKeys.Concurrency(key.Id));

        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        await environment.Redis.StringDecrementAsync(LimitKeys.Concurrency(key.Id));
        using var admitted = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task Without_a_counter_our_leases_are_a_sorted_set()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using var held = await client.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);

            Assert.Equal(StackExchange.Redis.RedisType.SortedSet, await environment.Redis.KeyTypeAsync(LimitKeys.Concurrency(key.Id)));
        }
        finally
        {
            environment.Upstream.HoldStreams.SetResult();
            environment.Upstream.HoldStreams = null;
        }
    }
}
