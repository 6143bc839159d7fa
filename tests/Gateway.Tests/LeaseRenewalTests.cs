using System.Net;
using DataAccess.ApiKeys;
using Gateway.Limits;
using Gateway.Tests.Support;
using StackExchange.Redis;
using TestSupport;

namespace Gateway.Tests;

// Leases of three seconds, counted in the legacy string counter where no sorted set exists.
public sealed class ShortLeaseEnvironment : GatewayEnvironment
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    protected override IReadOnlyDictionary<string, string?> ExtraGatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway:Limits:LeaseDuration"] = "00:00:03",
        ["Gateway:Limits:ConcurrencyForm"] = "Counter",
    };
}

// A request that runs longer than a lease keeps its slot, in either form of the concurrency
// key: its lease is renewed while it runs.
public sealed class LeaseRenewalTests(ShortLeaseEnvironment environment) : IClassFixture<ShortLeaseEnvironment>, IAsyncLifetime
{
    public Task InitializeAsync() => environment.UseOnlyNewAccountAsync("renewal");

    public Task DisposeAsync()
    {
        environment.ReleaseHeldStreams();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_long_request_keeps_its_slot_in_the_string_counter()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 1 });
        using var client = environment.Client(key.ApiKey);
        using var held = await HoldAsync(client);

        await Task.Delay(ShortLeaseEnvironment.Lease * 1.5);
        var count = (long)await environment.Redis.StringGetAsync(LimitKeys.Concurrency(key.Id));
        var ttl = await environment.Redis.KeyTimeToLiveAsync(LimitKeys.Concurrency(key.Id));
        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        environment.Upstream.HoldStreams!.SetResult();
        await held.Content.ReadAsStringAsync();

        Assert.Equal(1, count);
        Assert.NotNull(ttl);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task A_long_request_keeps_its_lease_in_the_sorted_set()
    {
        var key = await environment.CreateKeyAsync(new ApiKeyLimits { ConcurrencyLimit = 2 });
        using var client = environment.Client(key.ApiKey);
        await environment.Redis.SortedSetAddAsync(LimitKeys.Concurrency(key.Id), "other-relay-request", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
        using var held = await HoldAsync(client);

        await Task.Delay(ShortLeaseEnvironment.Lease * 1.5);
        var leases = await environment.Redis.SortedSetRangeByScoreWithScoresAsync(LimitKeys.Concurrency(key.Id));
        using var refused = await client.PostAsync("/v1/messages", GatewayEnvironment.Message());
        environment.Upstream.HoldStreams!.SetResult();
        await held.Content.ReadAsStringAsync();

        Assert.Equal(2, leases.Length);
        Assert.All(leases, lease => Assert.True(lease.Score > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000, $"lease {lease.Element} expired"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    private async Task<HttpResponseMessage> HoldAsync(HttpClient client)
    {
        environment.Upstream.HoldStreams = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = GatewayEnvironment.Message(stream: true) }, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        return held;
    }
}
