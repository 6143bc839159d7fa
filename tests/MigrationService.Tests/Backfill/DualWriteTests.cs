using DataAccess.Accounts;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using MigrationService.Backfill;
using MigrationService.Backfill.Reporting;
using StackExchange.Redis;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests.Backfill;

// In the dual-write phase this service records every request both natively in PostgreSQL and
// in the legacy Redis counters. Migrated history plus native usage must equal Redis, before
// and after the backfill runs again: nothing counted twice.
public sealed class DualWriteTests(LegacyRedisFixture fixture) : IClassFixture<LegacyRedisFixture>
{
    [Fact]
    public async Task Usage_recorded_in_both_stores_is_counted_once_before_and_after_a_new_run()
    {
        var options = fixture.Dataset.Options;
        await using var database = await BackfillDatabase.CreateAsync("backfill_dual");
        await database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset));
        var stores = database.Stores(options.EncryptionKey, options.OffsetHours);
        var usage = stores.GetRequiredService<IUsageStore>();
        var (keyId, expected) = fixture.Dataset.KeyUsage.First(entry => entry.Value.Hourly.Count > 0 && fixture.Dataset.ApiKeys.Any(key => key.Id == entry.Key));
        var account = fixture.Dataset.AccountUsage.Keys.First();
        var now = DateTimeOffset.UtcNow;
        var request = new UsageCounters(1, 1200, 340, 500, 7000, 400, 100, 0.0421m);

        (await usage.RecordUsageAsync(new UsageRecord
        {
            ApiKeyId = keyId,
            AccountId = account,
            AccountType = AccountPlatform.Claude,
            Model = "us.anthropic.claude-sonnet-4-20250514-v1:0",
            InputTokens = request.InputTokens,
            OutputTokens = request.OutputTokens,
            CacheCreateTokens = request.CacheCreateTokens,
            CacheReadTokens = request.CacheReadTokens,
            Ephemeral5mTokens = request.Ephemeral5mTokens,
            Ephemeral1hTokens = request.Ephemeral1hTokens,
            Cost = request.Cost,
            Timestamp = now,
        })).EnsureSuccess();
        await LegacyUsageRecorder.RecordAsync(fixture.Redis, keyId, account, "us.anthropic.claude-sonnet-4-20250514-v1:0", request, now, options.OffsetHours);
        await TouchLastUsedAsync(LegacyKeys.ApiKey(keyId.ToString()), now);
        await TouchLastUsedAsync(LegacyKeys.ClaudeAccount(account.ToString()), now);

        await AssertEqualToRedisAsync(database, usage, keyId, account, now, expected.Totals.Requests + 1);
        var rerun = await database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset));

        Assert.Equal(0, rerun.DifferenceCount);
        Assert.Equal(fixture.Dataset.Problems.Count(problem => problem.Kind == nameof(ProblemKind.InconsistentBuckets)), rerun.ProblemCount(ProblemKind.InconsistentBuckets));
        await AssertEqualToRedisAsync(database, usage, keyId, account, now, expected.Totals.Requests + 1);
        Assert.False((await database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset, BackfillMode.Verify))).HasDifferences);
    }

    // With the counters, the dual backend sets the last-used time of the key and of the
    // account that served, on hashes that exist, as the relay does.
    private async Task TouchLastUsedAsync(string hash, DateTimeOffset at)
    {
        if (await fixture.Redis.KeyExistsAsync(hash))
        {
            await fixture.Redis.HashSetAsync(hash, "lastUsedAt", JsValues.Iso(at));
        }
    }

    private async Task AssertEqualToRedisAsync(BackfillDatabase database, IUsageStore usage, Guid keyId, Guid account, DateTimeOffset now, long requests)
    {
        var buckets = new TimeBuckets(fixture.Dataset.Options.OffsetHours);
        var key = keyId.ToString();
        var summary = (await usage.GetKeyUsageSummaryAsync(keyId)).Unwrap();
        var totals = (await fixture.Redis.HashGetAllAsync(LegacyKeys.KeyTotals(key))).ToDictionary();
        Assert.Equal(requests, summary.Total.Requests);
        Assert.Equal((long)totals["totalRequests"], summary.Total.Requests);
        Assert.Equal((long)totals["totalCacheReadTokens"], summary.Total.CacheReadTokens);
        Assert.Equal((decimal)await fixture.Redis.StringGetAsync(LegacyKeys.CostTotal(key)), summary.Total.Cost);

        var today = (await fixture.Redis.HashGetAllAsync(LegacyKeys.KeyDaily(key, buckets.Date(now)))).ToDictionary();
        Assert.Equal((long)today["requests"], summary.Daily.Requests);
        Assert.Equal((long)today["allTokens"], summary.Daily.TotalTokens);
        var month = (await fixture.Redis.HashGetAllAsync(LegacyKeys.KeyMonthly(key, buckets.Month(now)))).ToDictionary();
        Assert.Equal((long)month["requests"], summary.Monthly.Requests);

        var hour = (await fixture.Redis.HashGetAllAsync(LegacyKeys.KeyHourly(key, buckets.Hour(now)))).ToDictionary();
        var hourStats = (await usage.GetUsageStatsAsync(new UsageStatsQuery
        {
            ApiKeyId = keyId,
            StartDate = buckets.StartOfHour(now),
            EndDate = buckets.StartOfHour(now).AddHours(1),
            Granularity = Granularity.Hour,
        })).Unwrap();
        Assert.Equal((long)hour["requests"], hourStats.Summary.TotalRequests);

        var accountTotals = (await fixture.Redis.HashGetAllAsync(LegacyKeys.AccountTotals(account.ToString()))).ToDictionary();
        Assert.Equal((long)accountTotals["totalRequests"], await database.ScalarAsync<long>("SELECT requests FROM usage_totals_account_all WHERE account_id = $1", account));
    }
}
