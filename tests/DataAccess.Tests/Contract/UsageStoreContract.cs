using DataAccess.ApiKeys;
using DataAccess.Usage;

namespace DataAccess.Tests.Contract;

public abstract class UsageStoreContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : BackendFixture
{
    // 2026-03-10T02:30Z is 2026-03-10 10:30 at the fixture's +8 offset.
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 2, 30, 0, TimeSpan.Zero);

    protected TFixture Fixture { get; } = fixture;

    private IUsageStore Usage => Fixture.Usage;

    [Fact]
    public async Task Stats_add_up_per_hour_day_and_month_in_the_configured_offset()
    {
        var key = await NewKeyAsync();
        (await Usage.RecordUsageBatchAsync(
        [
            Record(key, Morning, "claude-sonnet-4-20250514", input: 100, output: 50, cost: 0.001m),
            Record(key, Morning.AddMinutes(10), "claude-sonnet-4-20250514", input: 200, output: 100, cacheRead: 1000, cost: 0.002m),
            Record(key, Morning.AddHours(15), "claude-opus-4-20250514", input: 10, output: 5, cacheCreate: 20, cost: 0.01m),
        ])).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var hourly = (await Usage.GetUsageStatsAsync(Query(key, Granularity.Hour))).Unwrap();
        var daily = (await Usage.GetUsageStatsAsync(Query(key, Granularity.Day))).Unwrap();
        var monthly = (await Usage.GetUsageStatsAsync(Query(key, Granularity.Month))).Unwrap();

        Assert.Equal(["2026-03-10:10", "2026-03-11:01"], hourly.Stats.Select(row => row.Date));
        Assert.Equal(["2026-03-10", "2026-03-11"], daily.Stats.Select(row => row.Date));
        Assert.Equal(["2026-03"], monthly.Stats.Select(row => row.Date));
        var first = daily.Stats[0];
        Assert.Equal((2L, 300L, 150L, 0L, 1000L, 1450L, 0.003m), (first.Requests, first.InputTokens, first.OutputTokens, first.CacheCreateTokens, first.CacheReadTokens, first.TotalTokens, first.Cost));
        Assert.Equal(new UsageSummary(3, 1485, 0.013m, Math.Round(0.013m / 1485, 12)), monthly.Summary);
    }

    [Fact]
    public async Task Stats_group_by_model_key_and_account()
    {
        var key = await NewKeyAsync();
        var account = Guid.NewGuid();
        (await Usage.RecordUsageBatchAsync(
        [
            Record(key, Morning, "model-a", input: 1, cost: 1m, account: account),
            Record(key, Morning, "model-b", input: 2, cost: 2m, account: account),
            Record(key, Morning, "model-b", input: 3, cost: 3m),
        ])).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var byModel = (await Usage.GetUsageStatsAsync(Query(key, Granularity.Day) with { GroupBy = UsageGroupBy.Model })).Unwrap();
        var byAccount = (await Usage.GetUsageStatsAsync(new UsageStatsQuery { AccountId = account, StartDate = Morning.AddDays(-1), EndDate = Morning.AddDays(1), GroupBy = UsageGroupBy.Model })).Unwrap();
        var byKeyAndAccount = await Usage.GetUsageStatsAsync(Query(key, Granularity.Day) with { AccountId = account });
        var onlyModelB = (await Usage.GetUsageStatsAsync(Query(key, Granularity.Day) with { Model = "model-b" })).Unwrap();

        var groups = Assert.Single(byModel.Stats).Groups!;
        Assert.Equal((1L, 5L), (groups["model-a"].InputTokens, groups["model-b"].InputTokens));
        Assert.Equal(3m, Assert.Single(byAccount.Stats).Cost);
        if (Fixture.Has(BackendCapabilities.KeyAndAccountUsage))
        {
            Assert.Equal(3m, Assert.Single(byKeyAndAccount.Unwrap().Stats).Cost);
        }
        else
        {
            Assert.Equal(DatabaseErrorCode.InvalidQuery, byKeyAndAccount.Code);
        }

        Assert.Equal(5m, Assert.Single(onlyModelB.Stats).Cost);
    }

    [Fact]
    public async Task A_record_written_twice_counts_once()
    {
        var key = await NewKeyAsync();
        var record = Record(key, Morning, "m", input: 7, cost: 0.5m) with { EventId = Guid.NewGuid() };

        (await Usage.RecordUsageAsync(record)).EnsureSuccess();
        (await Usage.RecordUsageAsync(record)).EnsureSuccess();
        (await Usage.RecordUsageBatchAsync([record, record, Record(key, Morning, "m", input: 1, cost: 0.25m)])).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var stats = (await Usage.GetUsageStatsAsync(Query(key, Granularity.Day))).Unwrap();
        Assert.Equal((2L, 8L, 0.75m), (stats.Summary.TotalRequests, stats.Summary.TotalTokens, stats.Summary.TotalCost));
        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.Equal(2L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM usage_events WHERE api_key_id = $1", key));
        }
    }

    [Fact]
    public async Task Cost_analysis_breaks_down_trends_and_ranks_models()
    {
        var key = await NewKeyAsync();
        (await Usage.RecordUsageBatchAsync(
        [
            Record(key, Morning, "cheap", cost: 1m),
            Record(key, Morning, "dear", cost: 3m),
            Record(key, Morning.AddDays(1), "dear", cost: 6m),
        ])).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var analysis = (await Usage.GetCostAnalysisAsync(new CostAnalysisQuery
        {
            ApiKeyId = key,
            StartDate = new DateTimeOffset(2026, 3, 9, 16, 0, 0, TimeSpan.Zero),
            EndDate = new DateTimeOffset(2026, 3, 12, 16, 0, 0, TimeSpan.Zero),
            GroupBy = CostGroupBy.Model,
        })).Unwrap();

        Assert.Equal([new CostBreakdownItem("dear", 9m, 90m), new CostBreakdownItem("cheap", 1m, 10m)], analysis.CostBreakdown);
        Assert.Equal(
            [new CostTrendPoint("2026-03-10", 4m, 0m), new CostTrendPoint("2026-03-11", 6m, 2m), new CostTrendPoint("2026-03-12", 0m, -6m)],
            analysis.Trends);
        Assert.Equal(["dear", "cheap"], analysis.TopModels.Select(model => model.Model));
        Assert.Equal(2L, analysis.TopModels[0].Requests);
    }

    [Fact]
    public async Task The_key_summary_and_cost_views_cover_today_this_month_and_lifetime()
    {
        var key = await NewKeyAsync();
        var now = Fixture.Clock.GetUtcNow();
        (await Usage.RecordUsageBatchAsync(
        [
            Record(key, now.AddMinutes(-1), "m", input: 10, output: 20, cost: 0.5m),
            Record(key, now.AddDays(-40), "m", input: 1, cost: 0.25m),
        ])).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var summary = (await Usage.GetKeyUsageSummaryAsync(key)).Unwrap();
        var costs = (await Usage.GetCostStatsAsync(key)).Unwrap();

        Assert.Equal((2L, 31L, 0.75m), (summary.Total.Requests, summary.Total.TotalTokens, summary.Total.Cost));
        Assert.Equal((1L, 30L), (summary.Daily.Requests, summary.Daily.TotalTokens));
        Assert.Equal(1L, summary.Monthly.Requests);
        Assert.Equal(new UsageAverages(Math.Round(2m / 1440, 2), Math.Round(31m / 1440, 2), 2m, 31m), summary.Averages);
        Assert.Equal(0.5m, (await Usage.GetDailyCostAsync(key)).Unwrap());
        Assert.Equal((0.5m, 0.5m, 0.75m), (costs.Daily, costs.Monthly, costs.Total));
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Usage.GetKeyUsageSummaryAsync(Guid.NewGuid())).Code);
    }

    [Fact]
    public async Task Cleanup_drops_old_events_and_rollups_but_keeps_lifetime_totals()
    {
        var key = await NewKeyAsync();
        var now = Fixture.Clock.GetUtcNow();
        (await Usage.RecordUsageBatchAsync(
        [
            Record(key, now.AddDays(-400), "m", input: 1, cost: 1m),
            Record(key, now.AddDays(-200), "m", input: 2, cost: 2m),
            Record(key, now.AddHours(-1), "m", input: 3, cost: 3m),
        ])).EnsureSuccess();
        await Fixture.FlushUsageAsync();

        var cleanup = await Usage.CleanupOldStatsAsync(90);

        if (Fixture.Has(BackendCapabilities.RetentionCleanup))
        {
            Assert.True(cleanup.Unwrap().DeletedRecords >= 2);
        }
        else
        {
            Assert.Equal(DatabaseErrorCode.InvalidQuery, cleanup.Code);
        }

        if (Fixture.Has(BackendCapabilities.PostgreSql))
        {
            Assert.Equal(0L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM usage_events WHERE api_key_id = $1 AND occurred_at < $2", key, now.AddDays(-90)));
            Assert.Equal(1L, await Fixture.QueryScalarAsync<long>("SELECT count(*) FROM usage_events WHERE api_key_id = $1", key));
        }

        Assert.Equal(6m, (await Usage.GetCostStatsAsync(key)).Unwrap().Total);
        var recent = (await Usage.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = now.AddDays(-500), EndDate = now.AddDays(1), Granularity = Granularity.Month })).Unwrap();

        // Without events, what the monthly buckets hold is what was recorded.
        Assert.Equal(Fixture.Has(BackendCapabilities.UsageHistoryFollowsCleanup) ? 3m : 6m, recent.Summary.TotalCost);
        (await Usage.RecordUsageAsync(Record(key, now.AddDays(-200), "m", input: 4, cost: 4m))).EnsureSuccess();
        await Fixture.FlushUsageAsync();
        Assert.Equal(10m, (await Usage.GetCostStatsAsync(key)).Unwrap().Total);
    }

    [Theory]
    [InlineData("model", "")]
    [InlineData("inputTokens", "negative")]
    [InlineData("cost", "negative-cost")]
    [InlineData("requestCount", "zero-requests")]
    [InlineData("accountType", "bad-account-type")]
    [InlineData("apiKeyId", "no-key")]
    [InlineData("timestamp", "far-future")]
    public async Task Bad_records_are_refused_and_name_the_field(string field, string problem)
    {
        var good = Record(Guid.NewGuid(), Morning, "m");
        var record = problem switch
        {
            "negative" => good with { InputTokens = -1 },
            "negative-cost" => good with { Cost = -1m },
            "zero-requests" => good with { RequestCount = 0 },
            "bad-account-type" => good with { AccountType = "azure" },
            "no-key" => good with { ApiKeyId = Guid.Empty },
            "far-future" => good with { Timestamp = DateTimeOffset.UtcNow.AddYears(1) },
            _ => good with { Model = "" },
        };

        var result = await Usage.RecordUsageAsync(record);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, field), (result.Code, result.Field));
    }

    [Fact]
    public async Task A_batch_with_one_bad_record_records_nothing()
    {
        var key = await NewKeyAsync();

        var result = await Usage.RecordUsageBatchAsync([Record(key, Morning, "m", input: 1), Record(key, Morning, "m", input: -1)]);
        await Fixture.FlushUsageAsync();

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "records[1].inputTokens"), (result.Code, result.Field));
        Assert.Empty((await Usage.GetUsageStatsAsync(Query(key, Granularity.Day))).Unwrap().Stats);
    }

    [Fact]
    public async Task Bad_queries_are_refused()
    {
        var key = Guid.NewGuid();
        var backwards = await Usage.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = Morning, EndDate = Morning.AddDays(-1) });
        var tooManyHours = await Usage.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = Morning, EndDate = Morning.AddDays(365), Granularity = Granularity.Hour });
        var ancient = await Usage.GetCostAnalysisAsync(new CostAnalysisQuery { StartDate = DateTimeOffset.MinValue, EndDate = Morning });
        var retention = await Usage.CleanupOldStatsAsync(0);

        Assert.Equal((DatabaseErrorCode.InvalidQuery, "startDate"), (backwards.Code, backwards.Field));
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "endDate"), (tooManyHours.Code, tooManyHours.Field));
        Assert.Equal(DatabaseErrorCode.InvalidQuery, ancient.Code);
        Assert.Equal((DatabaseErrorCode.InvalidQuery, "retentionDays"), (retention.Code, retention.Field));
    }

    private async Task<Guid> NewKeyAsync() =>
        (await Fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "usage" })).Unwrap().Id;

    // A retry after a lost answer: the same event id and, like the first send, no timestamp
    // (each send is stamped on arrival). Key usage and plain usage alike count once.
    [Fact]
    public async Task An_event_recorded_again_without_a_timestamp_counts_once()
    {
        var key = await NewKeyAsync();
        var keyUsage = new ApiKeyUsage { EventId = Guid.NewGuid(), Model = "claude-sonnet-4", InputTokens = 10, Cost = 0.5m };
        var usage = new UsageRecord { EventId = Guid.NewGuid(), ApiKeyId = key, Model = "claude-sonnet-4", InputTokens = 100, Cost = 0.25m };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await Fixture.ApiKeys.RecordApiKeyUsageAsync(key, keyUsage)).EnsureSuccess();
            Fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            (await Usage.RecordUsageAsync(usage)).EnsureSuccess();
            Fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Fixture.FlushUsageAsync();

        var total = (await Usage.GetKeyUsageSummaryAsync(key)).Unwrap().Total;
        Assert.Equal((2L, 110L, 0.75m), (total.Requests, total.InputTokens, total.Cost));
    }

    private static UsageStatsQuery Query(Guid key, Granularity granularity) =>
        new() { ApiKeyId = key, StartDate = Morning.AddDays(-2), EndDate = Morning.AddDays(2), Granularity = granularity };

    private static UsageRecord Record(
        Guid key, DateTimeOffset at, string model, long input = 0, long output = 0, long cacheCreate = 0, long cacheRead = 0, decimal cost = 0, Guid? account = null) => new()
        {
            ApiKeyId = key,
            AccountId = account,
            Model = model,
            InputTokens = input,
            OutputTokens = output,
            CacheCreateTokens = cacheCreate,
            CacheReadTokens = cacheRead,
            Cost = cost,
            Timestamp = at,
        };
}

public sealed class PostgresUsageStoreTests(PostgresBackendFixture fixture) : UsageStoreContract<PostgresBackendFixture>(fixture);

public sealed class HybridUsageStoreTests(HybridBackendFixture fixture) : UsageStoreContract<HybridBackendFixture>(fixture);
