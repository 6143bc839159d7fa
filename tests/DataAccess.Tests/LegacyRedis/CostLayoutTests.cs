using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.Contract;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace DataAccess.Tests.LegacyRedis;

// The worked example of layout §8: claude-sonnet-4-20250514, once streamed with a cache
// breakdown (0.022125 USD) and once not (0.021 USD); afterwards every cost key holds the
// string the relay's INCRBYFLOAT leaves there.
public sealed class CostLayoutTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    [Fact]
    public async Task Two_recorded_requests_leave_0_043125_in_all_four_cost_keys()
    {
        var key = Guid.NewGuid();

        (await Fixture.Usage.RecordUsageAsync(Request(key, 0.022125m, ephemeral5m: 1500, ephemeral1h: 500))).EnsureSuccess();
        (await Fixture.Usage.RecordUsageAsync(Request(key, 0.021m, ephemeral5m: 0, ephemeral1h: 0))).EnsureSuccess();

        foreach (var name in CostKeys(key.ToString()))
        {
            Assert.Equal("0.043125", (string?)await Redis.StringGetAsync(name));
        }

        Assert.Equal(0.043125m, (await Fixture.Usage.GetDailyCostAsync(key)).Unwrap());
    }

    [Fact]
    public async Task The_adapter_writes_the_same_counters()
    {
        var key = Guid.NewGuid().ToString();

        await Adapter.IncrementDailyCostAsync(key, 0.022125m);
        await Adapter.IncrementDailyCostAsync(key, 0.021m);
        await Adapter.IncrementDailyCostAsync(key, 0m);

        foreach (var name in CostKeys(key))
        {
            Assert.Equal("0.043125", (string?)await Redis.StringGetAsync(name));
        }

        var stats = await Adapter.GetCostStatsAsync(key);
        Assert.Equal((0.043125m, 0.043125m, 0.043125m, 0.043125m), (stats.Daily, stats.Monthly, stats.Hourly, stats.Total));
        Assert.Equal(4, (await KeysAsync()).Count);
    }

    // Layout §11 rule 6: a relay restarting next to per-key model keys without cost keys
    // recomputes every cost and truncates the lifetime total.
    [Fact]
    public async Task Usage_without_cost_still_writes_the_cost_keys_beside_the_model_keys()
    {
        var key = Guid.NewGuid();

        (await Fixture.Usage.RecordUsageAsync(new UsageRecord { ApiKeyId = key, Model = "unpriced-model", InputTokens = 5, Timestamp = Now })).EnsureSuccess();

        foreach (var name in CostKeys(key.ToString()))
        {
            Assert.Equal("0", (string?)await Redis.StringGetAsync(name));
        }

        Assert.Empty(await KeysAsync("crs2:cost:*"));
    }

    private string[] CostKeys(string key)
    {
        var buckets = Fixture.Services.GetRequiredService<TimeBuckets>();
        return
        [
            LegacyKeys.CostDaily(key, buckets.Date(Now)),
            LegacyKeys.CostMonthly(key, buckets.Month(Now)),
            LegacyKeys.CostHourly(key, buckets.Hour(Now)),
            LegacyKeys.CostTotal(key),
        ];
    }

    private UsageRecord Request(Guid key, decimal cost, long ephemeral5m, long ephemeral1h) => new()
    {
        ApiKeyId = key,
        Model = "claude-sonnet-4-20250514",
        InputTokens = 1000,
        OutputTokens = 500,
        CacheReadTokens = 10000,
        CacheCreateTokens = 2000,
        Ephemeral5mTokens = ephemeral5m,
        Ephemeral1hTokens = ephemeral1h,
        Cost = cost,
        Timestamp = Now,
    };
}
