using DataAccess.ApiKeys;
using DataAccess.Time;
using Gateway.Limits;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TestSupport;

namespace Gateway.Tests;

// The ledger puts the admit and end operations of many requests into one Redis call, and
// still decides each one exactly as if it ran alone, in the order they were asked for. Each
// test has a Redis of its own, so its call counts and script flushes touch no other test.
public sealed class RequestLedgerTests : IAsyncLifetime
{
    private readonly IOptions<GatewayOptions> _options = Options.Create(new GatewayOptions());
    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private RequestLedger _ledger = null!;
    private RequestLimiter _limiter = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_server.Endpoint + ",allowAdmin=true");
        _ledger = new RequestLedger(_redis);
        var renewer = new LeaseRenewer(_redis, TimeProvider.System, _options, NullLogger<LeaseRenewer>.Instance);
        _limiter = new RequestLimiter(_ledger, renewer, new ConcurrencyWaitQueue(_redis, TimeProvider.System, _options), new TimeBuckets(0), TimeProvider.System, _options);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Operations_asked_for_while_a_call_is_on_its_way_go_together_and_never_exceed_the_limit()
    {
        var key = Key(concurrencyLimit: 50);
        var callsBefore = await EvalShaCallsAsync();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _limiter.AcquireAsync(key, NewRequestId(), null, TimeSpan.FromHours(1))));
        var calls = await EvalShaCallsAsync() - callsBefore;

        Assert.Equal(50, decisions.Count(decision => decision.Admitted));
        Assert.All(decisions.Where(decision => !decision.Admitted), decision => Assert.Equal(LimitRejection.Concurrency, decision.Rejection));
        Assert.Equal(50, await _redis.GetDatabase().SortedSetLengthAsync(LimitKeys.Concurrency(key.Id)));
        Assert.InRange(calls, 1, 20);
    }

    [Fact]
    public async Task An_end_asked_for_before_an_admission_is_counted_before_it()
    {
        var key = Key(concurrencyLimit: 1);
        var first = NewRequestId();
        Assert.True((await _limiter.AcquireAsync(key, first, null, TimeSpan.FromHours(1))).Admitted);

        // Neither awaited before the next is asked for: the end must still come first.
        var ended = _ledger.EndAsync(EndKeys(key.Id), [first, 0, "0", 0, 0, "zset"]);
        var second = _limiter.AcquireAsync(key, NewRequestId(), null, TimeSpan.FromHours(1));
        await ended;

        Assert.True((await second).Admitted);
    }

    [Fact]
    public async Task An_operation_that_fails_fails_alone_and_the_others_of_its_call_are_decided()
    {
        var healthy = Key(concurrencyLimit: 5);
        var broken = Key(concurrencyLimit: 5);
        await _redis.GetDatabase().HashSetAsync(LimitKeys.Concurrency(broken.Id), "not", "a lease set");

        // The first goes at once; the next two wait for it and go together.
        var opening = _limiter.AcquireAsync(healthy, NewRequestId(), null, TimeSpan.FromHours(1));
        var refused = _limiter.AcquireAsync(broken, NewRequestId(), null, TimeSpan.FromHours(1));
        var beside = _limiter.AcquireAsync(healthy, NewRequestId(), null, TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<RedisServerException>(() => refused);
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.True((await opening).Admitted);
        Assert.True((await beside).Admitted);
    }

    [Fact]
    public async Task The_usage_of_requests_ending_in_one_call_goes_into_one_stream_entry()
    {
        var key = Key(concurrencyLimit: 0);
        await _ledger.EndAsync(EndKeys(key.Id), [NewRequestId(), 0, "0", 0, 0, "none"]);
        var callsBefore = await EvalShaCallsAsync();

        var requests = Enumerable.Range(0, 200).Select(_ => NewRequestId()).ToArray();
        await Task.WhenAll(requests.Select(request => _ledger.EndAsync(EndKeys(key.Id), [request, 0, "0", 0, 0, "none", "usage", request])));
        var calls = await EvalShaCallsAsync() - callsBefore;
        var entries = await _redis.GetDatabase().StreamRangeAsync(UsageStream(key.Id));

        Assert.Equal(calls, entries.Length);
        Assert.InRange(entries.Length, 1, 20);
        Assert.All(entries, entry => Assert.All(entry.Values, field => Assert.Equal("usage", field.Name)));
        Assert.Equal(requests.Order(), entries.SelectMany(entry => entry.Values).Select(field => (string)field.Value!).Order());
    }

    [Fact]
    public async Task Ends_whose_usage_cannot_be_queued_fail_and_the_admission_beside_them_is_decided()
    {
        var key = Key(concurrencyLimit: 5);
        await _redis.GetDatabase().StringSetAsync(UsageStream(key.Id), "not a stream");

        // The first goes at once; the next three wait for it and go together.
        var opening = _limiter.AcquireAsync(key, NewRequestId(), null, TimeSpan.FromHours(1));
        var ending = _ledger.EndAsync(EndKeys(key.Id), [NewRequestId(), 0, "0", 0, 0, "none", "usage", "first"]);
        var admission = _limiter.AcquireAsync(key, NewRequestId(), null, TimeSpan.FromHours(1));
        var next = _ledger.EndAsync(EndKeys(key.Id), [NewRequestId(), 0, "0", 0, 0, "none", "usage", "second"]);

        Assert.True((await opening).Admitted);
        Assert.Contains("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(() => ending)).Message, StringComparison.Ordinal);
        Assert.Contains("WRONGTYPE", (await Assert.ThrowsAsync<RedisServerException>(() => next)).Message, StringComparison.Ordinal);
        Assert.True((await admission).Admitted);
    }

    [Fact]
    public async Task A_server_that_lost_the_script_is_sent_it_again()
    {
        var key = Key(concurrencyLimit: 5);
        Assert.True((await _limiter.AcquireAsync(key, NewRequestId(), null, TimeSpan.FromHours(1))).Admitted);

        await _redis.GetServer(_redis.GetEndPoints()[0]).ScriptFlushAsync();

        Assert.True((await _limiter.AcquireAsync(key, NewRequestId(), null, TimeSpan.FromHours(1))).Admitted);
    }

    private static ApiKeyValidation Key(int concurrencyLimit) => new()
    {
        Id = Guid.NewGuid(),
        Name = "ledger test",
        Permissions = "all",
        IsActive = true,
        Status = ApiKeyStatus.Active,
        RateLimits = new RateLimits(concurrencyLimit, 0, 0),
        Limits = new ApiKeyLimits { ConcurrencyLimit = concurrencyLimit },
        Restrictions = new ApiKeyRestrictions(),
        AccountBindings = new AccountBindings(),
    };

    // The end operation's keys (LimitScripts.Ledger): concurrency key, window tokens, today's
    // cost, usage stream, counter leases.
    private static RedisKey[] EndKeys(Guid keyId) =>
        [LimitKeys.Concurrency(keyId), LimitKeys.WindowTokens(keyId), LimitKeys.DailyCost(keyId, "2026-01-01"), UsageStream(keyId), LimitKeys.CounterLeases(keyId)];

    private static RedisKey UsageStream(Guid keyId) => $"test:ledger:usage:{keyId}";

    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    private async Task<long> EvalShaCallsAsync()
    {
        var info = await _redis.GetServer(_redis.GetEndPoints()[0]).InfoAsync("commandstats");
        var line = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "cmdstat_evalsha").Value;
        return line is null ? 0 : long.Parse(line.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
