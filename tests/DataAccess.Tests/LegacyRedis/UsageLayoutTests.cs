using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.Contract;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace DataAccess.Tests.LegacyRedis;

// One recorded request and what the relay would have written for it (layout §5.2-5.5, §13).
public sealed class UsageLayoutTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    private const string BedrockModel = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    private const string Model = "claude-sonnet-4-20250514";

    private TimeBuckets Buckets => Fixture.Services.GetRequiredService<TimeBuckets>();

    [Fact]
    public async Task One_request_writes_the_usage_cost_account_and_minute_counters_with_their_ttls()
    {
        var key = (await Fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "recap" })).Unwrap().Id.ToString();
        var account = Guid.NewGuid().ToString();
        var at = Now;
        var (d, mo, h, minute) = (Buckets.Date(at), Buckets.Month(at), Buckets.Hour(at), at.ToUnixTimeMilliseconds() / 60_000);

        (await Fixture.Usage.RecordUsageAsync(Record(key, account, at))).EnsureSuccess();

        (string Key, int Fields, TimeSpan? Ttl)[] legacy =
        [
            ($"usage:{key}", 9, null),
            ($"usage:daily:{key}:{d}", 9, LegacyTtls.DailyUsage),
            ($"usage:monthly:{key}:{mo}", 9, LegacyTtls.MonthlyUsage),
            ($"usage:hourly:{key}:{h}", 7, LegacyTtls.HourlyUsage),
            ($"usage:model:daily:{Model}:{d}", 6, LegacyTtls.DailyUsage),
            ($"usage:model:monthly:{Model}:{mo}", 6, LegacyTtls.MonthlyUsage),
            ($"usage:model:hourly:{Model}:{h}", 6, LegacyTtls.HourlyUsage),
            ($"usage:{key}:model:daily:{Model}:{d}", 8, LegacyTtls.DailyUsage),
            ($"usage:{key}:model:monthly:{Model}:{mo}", 8, LegacyTtls.MonthlyUsage),
            ($"usage:{key}:model:hourly:{Model}:{h}", 6, LegacyTtls.HourlyUsage),
            ($"system:metrics:minute:{minute}", 6, TimeSpan.FromMinutes(10)),
            ($"account_usage:{account}", 7, null),
            ($"account_usage:daily:{account}:{d}", 7, LegacyTtls.DailyUsage),
            ($"account_usage:monthly:{account}:{mo}", 7, LegacyTtls.MonthlyUsage),
            ($"account_usage:hourly:{account}:{h}", 7, LegacyTtls.HourlyUsage),
            ($"account_usage:model:daily:{account}:{Model}:{d}", 6, LegacyTtls.DailyUsage),
            ($"account_usage:model:monthly:{account}:{Model}:{mo}", 6, LegacyTtls.MonthlyUsage),
            ($"account_usage:model:hourly:{account}:{Model}:{h}", 6, LegacyTtls.HourlyUsage),
        ];
        (string Key, TimeSpan? Ttl)[] costs =
        [
            ($"usage:cost:daily:{key}:{d}", LegacyTtls.DailyCost),
            ($"usage:cost:monthly:{key}:{mo}", LegacyTtls.MonthlyCost),
            ($"usage:cost:hourly:{key}:{h}", LegacyTtls.HourlyCost),
            ($"usage:cost:total:{key}", null),
        ];

        var keys = await KeysAsync();
        Assert.Equal(
            legacy.Select(entry => entry.Key).Concat(costs.Select(entry => entry.Key)).Append($"apikey:{key}").Append(LegacyKeys.ApiKeyHashMap).Order(StringComparer.Ordinal),
            keys.Where(name => !name.StartsWith("crs2:", StringComparison.Ordinal)));
        foreach (var (name, fields, ttl) in legacy)
        {
            Assert.Equal(RedisType.Hash, await Redis.KeyTypeAsync(name));
            Assert.True(fields == (await FieldsAsync(name)).Count, name);
            await AssertTtlOrNoneAsync(name, ttl);
        }

        foreach (var (name, ttl) in costs)
        {
            Assert.Equal(RedisType.String, await Redis.KeyTypeAsync(name));
            Assert.Equal("0.022125", (string?)await Redis.StringGetAsync(name));
            await AssertTtlOrNoneAsync(name, ttl);
        }

        Assert.Equal(
            ("1500", "1000", "500", "2000", "10000", "13500", "1500", "500", "1"),
            Nine(await FieldsAsync($"usage:{key}"), "totalTokens", "totalInputTokens", "totalOutputTokens", "totalCacheCreateTokens", "totalCacheReadTokens", "totalAllTokens", "totalEphemeral5mTokens", "totalEphemeral1hTokens", "totalRequests"));
        var minuteFields = await FieldsAsync($"system:metrics:minute:{minute}");
        Assert.Equal(("1", "13500", "2000"), (minuteFields["requests"], minuteFields["totalTokens"], minuteFields["cacheCreateTokens"]));
        Assert.Equal(("1500", "13500"), ((await FieldsAsync($"account_usage:{account}"))["totalTokens"], (await FieldsAsync($"account_usage:{account}"))["totalAllTokens"]));
        Assert.Equal(JsValues.Iso(at), (await FieldsAsync($"apikey:{key}"))["lastUsedAt"]);
        await AssertTtlAsync($"apikey:{key}", LegacyTtls.ApiKey);
    }

    [Fact]
    public async Task Our_cost_ledger_and_event_marker_sit_outside_every_legacy_prefix()
    {
        var key = Guid.NewGuid().ToString();
        var account = Guid.NewGuid().ToString();
        var record = Record(key, account, Now) with { EventId = Guid.NewGuid() };
        var (d, mo, h) = (Buckets.Date(Now), Buckets.Month(Now), Buckets.Hour(Now));

        (await Fixture.Usage.RecordUsageAsync(record)).EnsureSuccess();

        Assert.Equal(
            new[]
            {
                $"crs2:cost:account-model:daily:{account}:{Model}:{d}", $"crs2:cost:account-model:hourly:{account}:{Model}:{h}", $"crs2:cost:account-model:monthly:{account}:{Model}:{mo}",
                $"crs2:cost:account:daily:{account}:{d}", $"crs2:cost:account:hourly:{account}:{h}", $"crs2:cost:account:monthly:{account}:{mo}", $"crs2:cost:account:total:{account}",
                $"crs2:cost:key-model:daily:{key}:{Model}:{d}", $"crs2:cost:key-model:hourly:{key}:{Model}:{h}", $"crs2:cost:key-model:monthly:{key}:{Model}:{mo}",
                $"crs2:cost:model:daily:{Model}:{d}", $"crs2:cost:model:hourly:{Model}:{h}", $"crs2:cost:model:monthly:{Model}:{mo}",
                $"crs2:usage:event:{record.EventId}",
            }.Order(StringComparer.Ordinal),
            await KeysAsync("crs2:*"));
        await AssertTtlAsync($"crs2:cost:key-model:daily:{key}:{Model}:{d}", LegacyTtls.DailyCost);
        await AssertTtlAsync($"crs2:usage:event:{record.EventId}", TimeSpan.FromDays(1));
        await AssertNoTtlAsync($"crs2:cost:account:total:{account}");
    }

    [Fact]
    public async Task A_record_is_bucketed_at_its_own_time()
    {
        var key = Guid.NewGuid().ToString();
        var earlier = Now.AddDays(-3).AddHours(-5);

        (await Fixture.Usage.RecordUsageAsync(new UsageRecord { ApiKeyId = Guid.Parse(key), Model = "m", InputTokens = 1, Timestamp = earlier })).EnsureSuccess();

        Assert.True(await Redis.KeyExistsAsync($"usage:daily:{key}:{Buckets.Date(earlier)}"));
        Assert.True(await Redis.KeyExistsAsync($"usage:hourly:{key}:{Buckets.Hour(earlier)}"));
        await AssertTtlAsync($"usage:daily:{key}:{Buckets.Date(earlier)}", LegacyTtls.DailyUsage);
    }

    [Fact]
    public async Task A_replayed_event_counts_once()
    {
        var key = Guid.NewGuid();
        var record = new UsageRecord { EventId = Guid.NewGuid(), ApiKeyId = key, Model = "m", InputTokens = 5, Cost = 0.5m, Timestamp = Now };

        (await Fixture.Usage.RecordUsageAsync(record)).EnsureSuccess();
        (await Fixture.Usage.RecordUsageBatchAsync([record, record with { EventId = Guid.NewGuid() }])).EnsureSuccess();

        Assert.Equal(("10", "2"), ((await FieldsAsync($"usage:{key}"))["totalInputTokens"], (await FieldsAsync($"usage:{key}"))["totalRequests"]));
        Assert.Equal("1", (string?)await Redis.StringGetAsync($"usage:cost:total:{key}"));
    }

    // The relay's incrementTokenUsage turns a request without input and output into output
    // (layout §5.2): a cache-only request counts its cache tokens twice. The adapter keeps
    // that rule for callers of its legacy signature; recorded usage does not.
    [Fact]
    public async Task Output_falls_back_to_the_total_only_through_the_legacy_signature()
    {
        var legacy = Guid.NewGuid();
        var recorded = Guid.NewGuid();

        await Adapter.IncrementTokenUsageAsync(legacy.ToString(), tokens: 500, cacheReadTokens: 500, model: "m");
        (await Fixture.Usage.RecordUsageAsync(new UsageRecord { ApiKeyId = recorded, Model = "m", CacheReadTokens = 500, Timestamp = Now })).EnsureSuccess();

        Assert.Equal(("500", "1000"), Two(await FieldsAsync($"usage:{legacy}"), "totalOutputTokens", "totalAllTokens"));
        Assert.Equal(("0", "500"), Two(await FieldsAsync($"usage:{recorded}"), "totalOutputTokens", "totalAllTokens"));
    }

    [Fact]
    public async Task The_legacy_signature_writes_80_increments_and_10_expiries_worth_of_keys()
    {
        var key = Guid.NewGuid().ToString();

        await Adapter.IncrementTokenUsageAsync(key, 0, 10, 20, 30, 40, BedrockModel, 15, 15);

        var keys = await KeysAsync();
        Assert.Equal(11, keys.Count);
        var counts = 0;
        foreach (var name in keys)
        {
            counts += (await FieldsAsync(name)).Count;
        }

        Assert.Equal(80, counts);
        Assert.Equal(10, (await Task.WhenAll(keys.Select(name => Redis.KeyTimeToLiveAsync(name)))).Count(ttl => ttl is not null));
    }

    [Fact]
    public async Task Account_usage_through_the_adapter_has_no_output_fallback()
    {
        var account = Guid.NewGuid().ToString();

        await Adapter.IncrementAccountUsageAsync(account, cacheReadTokens: 500, model: "m");

        Assert.Equal(("0", "500", "0"), Three(await FieldsAsync($"account_usage:{account}"), "totalOutputTokens", "totalAllTokens", "totalTokens"));
        Assert.Equal(7, (await KeysAsync()).Count);
    }

    private async Task AssertTtlOrNoneAsync(string key, TimeSpan? ttl)
    {
        if (ttl is { } expected)
        {
            await AssertTtlAsync(key, expected);
        }
        else
        {
            await AssertNoTtlAsync(key);
        }
    }

    private static UsageRecord Record(string key, string account, DateTimeOffset at) => new()
    {
        ApiKeyId = Guid.Parse(key),
        AccountId = Guid.Parse(account),
        Model = BedrockModel,
        InputTokens = 1000,
        OutputTokens = 500,
        CacheCreateTokens = 2000,
        CacheReadTokens = 10000,
        Ephemeral5mTokens = 1500,
        Ephemeral1hTokens = 500,
        Cost = 0.022125m,
        Timestamp = at,
    };

    private static (string, string) Two(Dictionary<string, string> fields, string a, string b) => (fields[a], fields[b]);

    private static (string, string, string) Three(Dictionary<string, string> fields, string a, string b, string c) => (fields[a], fields[b], fields[c]);

    private static (string, string, string, string, string, string, string, string, string) Nine(Dictionary<string, string> fields, params string[] names) =>
        (fields[names[0]], fields[names[1]], fields[names[2]], fields[names[3]], fields[names[4]], fields[names[5]], fields[names[6]], fields[names[7]], fields[names[8]]);
}
