using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using MigrationService.Backfill;
using StackExchange.Redis;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests.Backfill;

// The legacy relay keeps serving while the backfill runs: what changes in Redis after its page
// was migrated is found by the verification rounds and migrated again.
public sealed class LiveSourceTests(LegacyRedisFixture fixture) : IClassFixture<LegacyRedisFixture>
{
    [Fact]
    public async Task Keys_changed_after_their_page_was_migrated_end_up_as_they_are_in_redis()
    {
        const int PageSize = 300;
        var pages = await PagesAsync(PageSize);
        var apiKey = fixture.Dataset.ApiKeys.Where(key => key.Fields["isActive"] == "true")
            .MinBy(key => pages[LegacyKeys.ApiKey(key.Id.ToString())])!;
        var usageKey = fixture.Dataset.KeyUsage.Keys
            .Where(key => fixture.Dataset.ApiKeys.Any(api => api.Id == key) && pages.ContainsKey(LegacyKeys.KeyTotals(key.ToString())))
            .MinBy(key => pages[LegacyKeys.KeyTotals(key.ToString())]);
        var changeAfter = Math.Max(pages[LegacyKeys.ApiKey(apiKey.Id.ToString())], pages[LegacyKeys.KeyTotals(usageKey.ToString())]);
        var account = fixture.Dataset.Accounts.First(account => account.Platform == "claude").Id;
        var request = new UsageCounters(1, 1000, 500, 200, 3000, 150, 50, 0.0125m);
        await using var database = await BackfillDatabase.CreateAsync("backfill_live");
        var changed = false;
        var options = BackfillTestOptions.For(fixture.Dataset) with
        {
            ScanPageSize = PageSize,
            Progress = new SynchronousProgress<BackfillProgress>(progress =>
            {
                if (progress.Pages == changeAfter && !changed)
                {
                    changed = true;
                    fixture.Redis.HashSetAsync(LegacyKeys.ApiKey(apiKey.Id.ToString()), "name", "renamed while migrating").GetAwaiter().GetResult();
                    LegacyUsageRecorder.RecordAsync(fixture.Redis, usageKey, account, "claude-sonnet-4-20250514", request, DateTimeOffset.UtcNow, fixture.Dataset.Options.OffsetHours)
                        .GetAwaiter().GetResult();
                }
            }),
        };

        var report = await database.RunAsync(fixture.Redis, options);

        Assert.True(changed);
        Assert.Equal(0, report.DifferenceCount);
        var stores = database.Stores(fixture.Dataset.Options.EncryptionKey, fixture.Dataset.Options.OffsetHours);
        Assert.Equal("renamed while migrating", (await stores.GetRequiredService<IApiKeyStore>().GetApiKeyAsync(apiKey.Id)).Unwrap().Name);
        var totals = (await fixture.Redis.HashGetAllAsync(LegacyKeys.KeyTotals(usageKey.ToString()))).ToDictionary();
        var summary = (await stores.GetRequiredService<IUsageStore>().GetKeyUsageSummaryAsync(usageKey)).Unwrap();
        Assert.Equal((long)totals["totalRequests"], summary.Total.Requests);
        Assert.Equal((long)totals["totalInputTokens"], summary.Total.InputTokens);
        Assert.Equal(fixture.Dataset.KeyUsage[usageKey].Totals.Requests + 1, summary.Total.Requests);
        Assert.False((await database.RunAsync(fixture.Redis, BackfillTestOptions.For(fixture.Dataset, BackfillMode.Verify))).HasDifferences);
    }

    // The page (1, 2, ...) each key comes in when the keyspace is scanned with this page size.
    private async Task<Dictionary<string, long>> PagesAsync(int pageSize)
    {
        var pages = new Dictionary<string, long>();
        long cursor = 0;
        var page = 0L;
        do
        {
            var scan = await fixture.Redis.PageAsync(cursor, pageSize: pageSize);
            page++;
            foreach (var key in scan.Keys)
            {
                pages.TryAdd(key, page);
            }

            cursor = scan.Cursor;
        }
        while (cursor != 0);
        return pages;
    }
}
