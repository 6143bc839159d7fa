using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.Contract;
using DataAccess.Usage;

namespace DataAccess.Tests.LegacyRedis;

// The dashboard statistics, the hourly cleanup and the reset (layout §9).
public sealed class SystemStatisticsTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    [Fact]
    public async Task System_stats_count_keys_without_the_hash_map()
    {
        var key = await NewKeyAsync();
        await RecordAsync(key, input: 10, output: 5);

        var stats = await Adapter.GetSystemStatsAsync();

        Assert.Equal(1L, stats.TotalApiKeys);
        Assert.Equal(0L, stats.TotalClaudeAccounts);
        Assert.Equal((await KeysAsync("usage:*")).Count, stats.TotalUsageRecords);
    }

    [Fact]
    public async Task Today_stats_add_up_todays_buckets_and_count_keys_created_today()
    {
        var first = await NewKeyAsync();
        var second = await NewKeyAsync();
        await RecordAsync(first, input: 10, output: 5, cacheRead: 100);
        await RecordAsync(second, input: 1, output: 2, cacheCreate: 3);

        var today = await Adapter.GetTodayStatsAsync();

        Assert.Equal(new(2, 18, 11, 7, 3, 100, 2), today);
    }

    [Fact]
    public async Task Realtime_metrics_sum_the_window_of_minute_buckets()
    {
        var key = await NewKeyAsync();
        await RecordAsync(key, input: 100, output: 50, cacheRead: 1000);
        await RecordAsync(key, input: 1, output: 1, at: Now.AddMinutes(-2));
        await RecordAsync(key, input: 7, output: 7, at: Now.AddMinutes(-10));

        var metrics = await Adapter.GetRealtimeSystemMetricsAsync();

        Assert.Equal(new(0.4m, 230.4m, 5, 2, 1152, 101, 51, 0, 1000), metrics);
    }

    [Fact]
    public async Task System_averages_divide_lifetime_totals_by_whole_days_since_the_oldest_key()
    {
        var key = await NewKeyAsync();
        await RecordAsync(key, input: 1440, output: 1440);

        var averages = await Adapter.GetSystemAveragesAsync();

        Assert.Equal(new(0m, 2m, 1440, 1440, 2880), averages);
    }

    [Fact]
    public async Task Account_stats_use_the_account_creation_time_and_list_the_busiest_first()
    {
        var quiet = (await Fixture.ClaudeAccounts.CreateClaudeAccountAsync(Account("quiet"))).Unwrap().Id;
        var busy = (await Fixture.ClaudeAccounts.CreateClaudeAccountAsync(Account("busy"))).Unwrap().Id;
        var key = await NewKeyAsync();
        await RecordAsync(key, input: 10, account: quiet);
        await RecordAsync(key, input: 1440, output: 1440, account: busy);

        var stats = await Adapter.GetAccountUsageStatsAsync(busy.ToString());
        var all = await Adapter.GetAllAccountsUsageStatsAsync();

        Assert.Equal(2m, stats.Averages.Tpm);
        Assert.Equal(["busy", "quiet"], all.Select(entry => entry.Name));
        Assert.Equal((AccountPlatform.Claude, true, 2880L), (all[0].Platform, all[0].IsActive, all[0].Usage.Daily.AllTokens));
    }

    [Fact]
    public async Task Cleanup_gives_a_ttl_only_to_keys_under_its_patterns_that_have_none()
    {
        await Redis.HashSetAsync("session:no-ttl", "username", "admin");
        await Redis.HashSetAsync("oauth:no-ttl", "state", "s");
        await Redis.StringSetAsync("sticky_session:no-ttl", "acc");
        await Redis.HashSetAsync("usage:daily:k:2025-08-18", "requests", 1);
        await Redis.StringSetAsync("sticky_session:with-ttl", "acc", TimeSpan.FromSeconds(50));
        await Redis.HashSetAsync("usage:k", "totalRequests", 1);

        Assert.Equal(4L, await Adapter.CleanupAsync());

        await AssertTtlAsync("session:no-ttl", LegacyTtls.CleanupDefault);
        await AssertTtlAsync("oauth:no-ttl", LegacyTtls.OAuthSession);
        await AssertTtlAsync("sticky_session:no-ttl", LegacyTtls.CleanupDefault);
        await AssertTtlAsync("usage:daily:k:2025-08-18", LegacyTtls.CleanupDefault);
        await AssertTtlAsync("sticky_session:with-ttl", TimeSpan.FromSeconds(50));
        await AssertNoTtlAsync("usage:k");
    }

    [Fact]
    public async Task Reset_deletes_all_usage_and_our_cost_ledger_and_clears_last_used()
    {
        var key = await NewKeyAsync();
        var account = Guid.NewGuid();
        await RecordAsync(key, input: 10, account: account, cost: 1m);

        var reset = await Adapter.ResetAllUsageStatsAsync();

        Assert.Empty(await KeysAsync("usage:*"));
        Assert.Empty(await KeysAsync("crs2:cost:*"));
        Assert.NotEmpty(await KeysAsync("account_usage:*"));
        Assert.Equal("", (await FieldsAsync(LegacyKeys.ApiKey(key.ToString())))["lastUsedAt"]);
        Assert.Equal((1L, 1L, 1L), (reset.DeletedDailyKeys, reset.DeletedMonthlyKeys, reset.ResetApiKeys));
        Assert.True(reset.DeletedKeys > 1);
    }

    private async Task<Guid> NewKeyAsync() => (await Fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "stats" })).Unwrap().Id;

    private async Task RecordAsync(
        Guid key, long input = 0, long output = 0, long cacheCreate = 0, long cacheRead = 0, Guid? account = null, decimal cost = 0, DateTimeOffset? at = null) =>
        (await Fixture.Usage.RecordUsageAsync(new UsageRecord
        {
            ApiKeyId = key,
            AccountId = account,
            Model = "claude-sonnet-4-20250514",
            InputTokens = input,
            OutputTokens = output,
            CacheCreateTokens = cacheCreate,
            CacheReadTokens = cacheRead,
            Cost = cost,
            Timestamp = at ?? Now,
        })).EnsureSuccess();

    private static CreateAccountRequest Account(string name) => new()
    {
        Name = name,
        OAuthData = new OAuthCredentials { AccessToken = "sk-ant-oat01-stats" },
    };
}
