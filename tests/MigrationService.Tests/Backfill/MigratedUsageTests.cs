using DataAccess.Accounts;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests.Backfill;

// Migrated usage read back through our usage APIs equals what the legacy relay holds: lifetime
// totals, and per hour, day and month within the legacy retention; nothing counted twice.
public sealed class MigratedUsageTests(MigratedDatasetFixture fixture) : IClassFixture<MigratedDatasetFixture>
{
    private IServiceProvider Stores => fixture.Database.Stores(fixture.Dataset.Options.EncryptionKey, fixture.Dataset.Options.OffsetHours);

    private IUsageStore Usage => Stores.GetRequiredService<IUsageStore>();

    private TimeBuckets Buckets => new(fixture.Dataset.Options.OffsetHours);

    private IEnumerable<(Guid Key, UsageExpectation Usage)> MigratedKeys =>
        fixture.Dataset.KeyUsage.Where(usage => fixture.Dataset.ApiKeys.Any(key => key.Id == usage.Key)).Select(usage => (usage.Key, usage.Value));

    [Fact]
    public async Task Lifetime_totals_and_costs_of_every_key_are_the_legacy_ones()
    {
        foreach (var (key, expected) in MigratedKeys)
        {
            var total = (await Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total;
            Assert.Equal(Counts(expected.Totals), Counts(total));
        }
    }

    [Fact]
    public async Task Usage_of_keys_that_no_longer_exist_is_imported_too()
    {
        var orphan = fixture.Dataset.KeyUsage.Single(usage => fixture.Dataset.ApiKeys.All(key => key.Id != usage.Key) && usage.Value.Totals.Requests == 7);
        Assert.Equal(7L, await fixture.Database.ScalarAsync<long>("SELECT requests FROM usage_totals_key_all WHERE api_key_id = $1", orphan.Key));
        Assert.Equal(0.25m, await fixture.Database.ScalarAsync<decimal>("SELECT cost FROM usage_totals_key_all WHERE api_key_id = $1", orphan.Key));
    }

    [Fact]
    public async Task Each_day_within_the_retention_adds_up_to_the_legacy_day_and_its_cost()
    {
        var now = fixture.Dataset.Options.Now;
        var start = Buckets.StartOfDay(now).AddDays(-27);
        foreach (var (key, expected) in MigratedKeys)
        {
            var stats = (await Usage.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = start, EndDate = now.AddHours(1), Granularity = Granularity.Day })).Unwrap();
            var days = expected.Daily.Keys.Where(day => string.CompareOrdinal(day, Buckets.Date(start)) >= 0).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(days, stats.Stats.Select(row => row.Date));
            foreach (var row in stats.Stats)
            {
                Assert.Equal(Counts(expected.Daily[row.Date]) with { Cost = expected.DailyCost.GetValueOrDefault(row.Date) }, Counts(row));
            }
        }
    }

    [Fact]
    public async Task Each_month_adds_up_to_the_legacy_month()
    {
        var now = fixture.Dataset.Options.Now;
        foreach (var (key, expected) in MigratedKeys.Where(key => key.Usage.Monthly.Count > 0))
        {
            var stats = (await Usage.GetUsageStatsAsync(new UsageStatsQuery
            {
                ApiKeyId = key,
                StartDate = Buckets.StartOfMonth(now.AddDays(-200)),
                EndDate = now.AddHours(1),
                Granularity = Granularity.Month,
            })).Unwrap();
            Assert.Equal(expected.Monthly.Keys.Order(StringComparer.Ordinal), stats.Stats.Select(row => row.Date));
            foreach (var row in stats.Stats)
            {
                Assert.Equal(Counts(expected.Monthly[row.Date]) with { Cost = expected.MonthlyCost.GetValueOrDefault(row.Date) }, Counts(row));
            }
        }
    }

    [Fact]
    public async Task Each_hour_of_the_last_six_days_adds_up_to_the_legacy_hour()
    {
        var now = fixture.Dataset.Options.Now;
        var start = Buckets.StartOfDay(now).AddDays(-5);
        foreach (var (key, expected) in MigratedKeys.Where(key => key.Usage.Hourly.Count > 0))
        {
            var stats = (await Usage.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = start, EndDate = now.AddHours(1), Granularity = Granularity.Hour })).Unwrap();
            var hours = expected.Hourly.Keys.Where(hour => string.CompareOrdinal(hour, Buckets.Hour(start)) >= 0).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(hours, stats.Stats.Select(row => row.Date));
            foreach (var row in stats.Stats)
            {
                Assert.Equal(Counts(expected.Hourly[row.Date]) with { Cost = 0 }, Counts(row) with { Cost = 0 });
            }
        }
    }

    [Fact]
    public async Task Today_and_this_month_of_the_key_summary_and_cost_stats_are_the_legacy_ones()
    {
        var now = fixture.Dataset.Options.Now;
        foreach (var (key, expected) in MigratedKeys)
        {
            var summary = (await Usage.GetKeyUsageSummaryAsync(key)).Unwrap();
            var today = Buckets.Date(now);
            Assert.Equal(Counts(expected.Daily.GetValueOrDefault(today)) with { Cost = expected.DailyCost.GetValueOrDefault(today) }, Counts(summary.Daily));
            var costs = (await Usage.GetCostStatsAsync(key)).Unwrap();
            Assert.Equal(expected.DailyCost.GetValueOrDefault(today), costs.Daily);
            Assert.Equal(expected.Totals.Cost, costs.Total);
            Assert.Equal(expected.DailyCost.GetValueOrDefault(today), (await Usage.GetDailyCostAsync(key)).Unwrap());
        }
    }

    [Fact]
    public async Task Account_usage_totals_are_the_legacy_ones()
    {
        var claude = Stores.GetRequiredService<IClaudeAccountStore>();
        Assert.NotEmpty(fixture.Dataset.AccountUsage);
        foreach (var (account, expected) in fixture.Dataset.AccountUsage)
        {
            var stats = (await claude.GetClaudeAccountAsync(account)).Unwrap().UsageStats;
            Assert.Equal(new AccountUsageStats(expected.Totals.Requests, expected.Totals.AllTokens, 0), stats);
        }
    }

    [Fact]
    public async Task Legacy_costs_are_unattributed_in_model_breakdowns()
    {
        var now = fixture.Dataset.Options.Now;
        var (key, _) = MigratedKeys.First(key => key.Usage.DailyCost.Count > 0);
        var analysis = (await Usage.GetCostAnalysisAsync(new CostAnalysisQuery
        {
            ApiKeyId = key,
            StartDate = Buckets.StartOfDay(now).AddDays(-27),
            EndDate = now.AddHours(1),
            GroupBy = CostGroupBy.Model,
        })).Unwrap();
        var unattributed = Assert.Single(analysis.CostBreakdown, item => item.Category == "");
        Assert.True(unattributed.Cost > 0);
        Assert.Equal(100, unattributed.Percentage);
        Assert.All(analysis.CostBreakdown.Where(item => item.Category != ""), item => Assert.Equal(0, item.Cost));
    }

    private static UsageCounts Counts(UsageCounters counters) => new()
    {
        Requests = counters.Requests,
        InputTokens = counters.InputTokens,
        OutputTokens = counters.OutputTokens,
        CacheCreateTokens = counters.CacheCreateTokens,
        CacheReadTokens = counters.CacheReadTokens,
        TotalTokens = counters.AllTokens,
        Cost = counters.Cost,
    };

    private static UsageCounts Counts(UsageCounts counts) => new()
    {
        Requests = counts.Requests,
        InputTokens = counts.InputTokens,
        OutputTokens = counts.OutputTokens,
        CacheCreateTokens = counts.CacheCreateTokens,
        CacheReadTokens = counts.CacheReadTokens,
        TotalTokens = counts.TotalTokens,
        Cost = counts.Cost,
    };
}
