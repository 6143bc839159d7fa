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

    // A call reads a key's counters once and writes what its operations added once, at its
    // end. The same operations, each awaited before the next is asked for, must decide the
    // same and leave the same counters behind. Each sequence takes leases beyond the limit
    // (so expired ones are looked for), gives back leases taken in the same call and reaches
    // one more limit; the window ones first reset an expired window after an end added to it.
    [Theory]
    [InlineData("window requests", "Concurrency WindowRequests")]
    [InlineData("window tokens", "Concurrency WindowTokens")]
    [InlineData("daily cost", "Concurrency DailyCost")]
    [InlineData("total tokens", "Concurrency TotalTokens")]
    public async Task Operations_in_one_call_decide_and_count_as_they_would_one_by_one(string limits, string refusals)
    {
        _options.Value.Limits.TotalTokenLimit = true;
        var oneByOne = await RunScriptedOperationsAsync(limits, together: false);
        var callsBefore = await EvalShaCallsAsync();
        var together = await RunScriptedOperationsAsync(limits, together: true);
        var calls = await EvalShaCallsAsync() - callsBefore;

        Assert.InRange(calls, 1, 3);
        Assert.Equal(oneByOne.Decisions, together.Decisions);
        Assert.Equal(oneByOne.Counters, together.Counters);
        Assert.All(refusals.Split(' '), refusal => Assert.Contains(refusal, together.Decisions));
    }

    [Fact]
    public async Task Costs_added_in_one_call_are_summed_exactly()
    {
        var key = Key(concurrencyLimit: 0);
        var names = KeyCounterNames.Of(key);
        var dailyCost = names.DailyCost(new TimeBuckets(0), DateTimeOffset.UtcNow);
        RedisKey[] keys = [names.Concurrency, names.WindowTokens, dailyCost, UsageStream(key.Id), names.CounterLeases];

        var opening = _ledger.EndAsync(keys, [NewRequestId(), 5, "0.1", 0, 1, "none"]);
        var rest = new[] { "0.2", "0.000000000000000000000000001", "1.25", "3" }
            .Select(cost => _ledger.EndAsync(keys, [NewRequestId(), 5, cost, 0, 1, "none"]))
            .ToArray();
        await opening;
        await Task.WhenAll(rest);

        Assert.Equal("4.55", (string?)await _redis.GetDatabase().StringGetAsync(dailyCost));
    }

    private async Task<(string[] Decisions, string[] Counters)> RunScriptedOperationsAsync(string limits, bool together)
    {
        var key = Key(concurrencyLimit: 3) with
        {
            Limits = limits switch
            {
                "window requests" => new ApiKeyLimits { ConcurrencyLimit = 3, RateLimitWindowMinutes = 1, RateLimitRequests = 8 },
                "window tokens" => new ApiKeyLimits { ConcurrencyLimit = 3, RateLimitWindowMinutes = 1, TokenLimit = 600 },
                "daily cost" => new ApiKeyLimits { ConcurrencyLimit = 3, DailyCostLimit = 0.0009m },
                _ => new ApiKeyLimits { ConcurrencyLimit = 3, TokenLimit = 2_000 },
            },
            TotalTokens = 100,
        };
        var window = key.Limits.RateLimitWindowMinutes > 0;
        var names = KeyCounterNames.Of(key);
        var dailyCost = names.DailyCost(new TimeBuckets(0), DateTimeOffset.UtcNow);
        RedisKey[] endKeys =
        [
            names.Concurrency, names.WindowTokens, dailyCost, UsageStream(key.Id), names.CounterLeases,
            .. limits == "total tokens" ? [names.TotalTokens] : Array.Empty<RedisKey>(),
        ];
        RedisKey sticky = $"test:ledger:sticky:{key.Id}";
        var redis = _redis.GetDatabase();
        var expiredWindowStart = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        await redis.StringSetAsync(names.WindowStart, expiredWindowStart, TimeSpan.FromMinutes(5));
        await redis.StringSetAsync(names.WindowRequests, 11, TimeSpan.FromMinutes(5));
        await redis.StringSetAsync(names.WindowTokens, 700, TimeSpan.FromMinutes(5));
        await redis.StringSetAsync(sticky, "account-1");

        var activeWindow = window ? 1 : 0;
        var operations = new List<Func<Task<string>>>
        {
            // Goes alone, so that the others gather behind it.
            async () =>
            {
                await _ledger.EndAsync(EndKeys(Guid.NewGuid()), [NewRequestId(), 0, "0", 0, 0, "none"]);
                return "opened";
            },
            async () =>
            {
                await _ledger.EndAsync(endKeys, [NewRequestId(), 500, "0", activeWindow, 1, "zset"]);
                return "ended";
            },
        };
        var requests = Enumerable.Range(0, 40).Select(_ => NewRequestId()).ToArray();
        var nextToEnd = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            var stickyKey = i % 2 == 0 ? sticky : (RedisKey?)null;
            operations.Add(async () =>
            {
                var decision = await _limiter.AcquireAsync(key, request, stickyKey, TimeSpan.FromHours(1));
                return decision.Admitted ? $"admitted {decision.StickyMapping}" : decision.Rejection.ToString();
            });
            // Every eighth round ends nothing, so the next admission finds the set full.
            for (; i % 8 != 7 && nextToEnd <= i - 2; nextToEnd++)
            {
                var ending = requests[nextToEnd];
                var tokens = 10 * (nextToEnd + 1);
                operations.Add(async () =>
                {
                    await _ledger.EndAsync(endKeys, [ending, tokens, "0.0001", activeWindow, 1, "zset"]);
                    return "ended";
                });
            }
        }

        var decisions = new List<string>();
        if (together)
        {
            // Redis holds the first call back for a moment, so that the others are all asked
            // for while it is on its way, however slowly a busy machine runs this test.
            await redis.ExecuteAsync("CLIENT", "PAUSE", "300");
            decisions.AddRange(await Task.WhenAll(operations.Select(operation => operation())));
        }
        else
        {
            foreach (var operation in operations)
            {
                decisions.Add(await operation());
            }
        }

        var leases = await redis.SortedSetRangeByRankAsync(names.Concurrency);
        string[] counters =
        [
            $"leases {string.Join(' ', leases.Select(lease => Array.IndexOf(requests, (string?)lease)).Order())}",
            $"lease set expires {await redis.KeyTimeToLiveAsync(names.Concurrency) is not null}",
            $"window restarted {(long)await redis.StringGetAsync(names.WindowStart) > expiredWindowStart}",
            $"window requests {await redis.StringGetAsync(names.WindowRequests)}",
            $"window tokens {await redis.StringGetAsync(names.WindowTokens)}",
            $"window expires {await redis.KeyTimeToLiveAsync(names.WindowTokens) is not null}",
            $"cost {await redis.StringGetAsync(dailyCost)}",
            $"cost expires {await redis.KeyTimeToLiveAsync(dailyCost) is not null}",
            $"total tokens {await redis.StringGetAsync(names.TotalTokens)}",
            $"total expires {await redis.KeyTimeToLiveAsync(names.TotalTokens) is not null}",
            $"sticky expires {await redis.KeyTimeToLiveAsync(sticky) is not null}",
        ];
        return ([.. decisions], counters);
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
