using DataAccess.LegacyRedis.Layout;
using DataAccess.Tests.Contract;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.LegacyRedis;

// Usage queries over the whole database, which the contract (one key at a time) does not
// reach: every key, every model, every account, found with SCAN.
public sealed class UsageQueryTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    private static readonly Guid KeyA = Guid.NewGuid();
    private static readonly Guid KeyB = Guid.NewGuid();
    private static readonly Guid Account = Guid.NewGuid();

    private IUsageStore Usage => Fixture.Usage;

    [Fact]
    public async Task Everything_adds_up_every_key_and_groups_by_key_model_or_account()
    {
        await RecordAsync();

        var all = (await Usage.GetUsageStatsAsync(Query())).Unwrap();
        var byKey = (await Usage.GetUsageStatsAsync(Query() with { GroupBy = UsageGroupBy.ApiKey })).Unwrap();
        var byModel = (await Usage.GetUsageStatsAsync(Query() with { GroupBy = UsageGroupBy.Model })).Unwrap();
        var byAccount = (await Usage.GetUsageStatsAsync(Query() with { GroupBy = UsageGroupBy.Account })).Unwrap();

        Assert.Equal((3L, 111L, 7m), (all.Summary.TotalRequests, all.Summary.TotalTokens, all.Summary.TotalCost));
        Assert.Null(Assert.Single(all.Stats).Groups);
        var keys = Assert.Single(byKey.Stats).Groups!;
        Assert.Equal((11L, 3m, 100L, 4m), (keys[KeyA.ToString()].TotalTokens, keys[KeyA.ToString()].Cost, keys[KeyB.ToString()].TotalTokens, keys[KeyB.ToString()].Cost));
        var models = Assert.Single(byModel.Stats).Groups!;
        Assert.Equal((101L, 5m, 10L, 2m), (models["model-a"].TotalTokens, models["model-a"].Cost, models["model-b"].TotalTokens, models["model-b"].Cost));
        var accounts = Assert.Single(byAccount.Stats);
        Assert.Equal((2L, 101L, 5m), (accounts.Requests, accounts.Groups![Account.ToString()].TotalTokens, accounts.Cost));
    }

    [Fact]
    public async Task One_model_or_one_account_reads_its_own_family()
    {
        await RecordAsync();

        var modelA = (await Usage.GetUsageStatsAsync(Query() with { Model = "model-a" })).Unwrap();
        var modelAByKey = (await Usage.GetUsageStatsAsync(Query() with { Model = "model-a", GroupBy = UsageGroupBy.ApiKey })).Unwrap();
        var account = (await Usage.GetUsageStatsAsync(Query() with { AccountId = Account, Granularity = Granularity.Hour })).Unwrap();

        Assert.Equal((2L, 101L, 5m), (modelA.Summary.TotalRequests, modelA.Summary.TotalTokens, modelA.Summary.TotalCost));
        var keys = Assert.Single(modelAByKey.Stats).Groups!;
        Assert.Equal((2, 1m, 4m), (keys.Count, keys[KeyA.ToString()].Cost, keys[KeyB.ToString()].Cost));
        Assert.Equal((2L, 101L, 5m), (account.Summary.TotalRequests, account.Summary.TotalTokens, account.Summary.TotalCost));
    }

    [Fact]
    public async Task Key_buckets_written_before_the_split_read_as_30_70_in_the_rows()
    {
        var buckets = Fixture.Services.GetRequiredService<TimeBuckets>();
        await Redis.HashSetAsync(LegacyKeys.KeyDaily(KeyA.ToString(), buckets.Date(Now)), new Dictionary<string, RedisValue> { ["tokens"] = "100", ["requests"] = "2" });

        var row = Assert.Single((await Usage.GetUsageStatsAsync(Query() with { ApiKeyId = KeyA })).Unwrap().Stats);

        Assert.Equal((2L, 30L, 70L, 100L), (row.Requests, row.InputTokens, row.OutputTokens, row.TotalTokens));
    }

    [Fact]
    public async Task Cost_analysis_over_every_key_ranks_models_and_breaks_down_by_account()
    {
        await RecordAsync();

        var analysis = (await Usage.GetCostAnalysisAsync(new CostAnalysisQuery { StartDate = Now.AddHours(-1), EndDate = Now.AddHours(1), GroupBy = CostGroupBy.Account })).Unwrap();
        var perKey = await Usage.GetCostAnalysisAsync(new CostAnalysisQuery { ApiKeyId = KeyA, StartDate = Now.AddHours(-1), EndDate = Now.AddHours(1), GroupBy = CostGroupBy.Account });

        Assert.Equal([new CostBreakdownItem(Account.ToString(), 5m, 100m)], analysis.CostBreakdown);
        Assert.Equal(["model-a", "model-b"], analysis.TopModels.Select(model => model.Model));
        Assert.Equal(7m, analysis.Trends.Sum(point => point.Cost));
        Assert.Equal(DatabaseErrorCode.InvalidQuery, perKey.Code);
    }

    // The relay adds a request's cost to its key's cost counter only (this service also to its
    // own per-model ledger), and old key buckets predate per-model keys. Grouped by model, what
    // the key buckets hold beyond the models is a group of its own: cost under the empty model,
    // tokens and requests under "unknown".
    [Fact]
    public async Task What_the_key_buckets_hold_beyond_the_models_is_a_group_of_its_own()
    {
        await RecordAsync();
        var today = Fixture.Services.GetRequiredService<TimeBuckets>().Date(Now);
        var keyDaily = LegacyKeys.KeyDaily(KeyA.ToString(), today);
        await Redis.HashIncrementAsync(keyDaily, "requests", 1);
        await Redis.HashIncrementAsync(keyDaily, "inputTokens", 7);
        await Redis.HashIncrementAsync(keyDaily, "allTokens", 7);
        await Redis.StringIncrementAsync(LegacyKeys.CostDaily(KeyA.ToString(), today), 0.5);

        var keyByModel = Assert.Single((await Usage.GetUsageStatsAsync(Query() with { ApiKeyId = KeyA, GroupBy = UsageGroupBy.Model })).Unwrap().Stats);
        var allByModel = Assert.Single((await Usage.GetUsageStatsAsync(Query() with { GroupBy = UsageGroupBy.Model })).Unwrap().Stats);
        var costs = (await Usage.GetCostAnalysisAsync(new CostAnalysisQuery { ApiKeyId = KeyA, StartDate = Now.AddHours(-1), EndDate = Now.AddHours(1), GroupBy = CostGroupBy.Model })).Unwrap();

        Assert.Equal((3L, 18L, 3.5m), (keyByModel.Requests, keyByModel.TotalTokens, keyByModel.Cost));
        Assert.Equal(new UsageCounts { Cost = 0.5m }, keyByModel.Groups![""]);
        Assert.Equal(new UsageCounts { Requests = 1, InputTokens = 7, TotalTokens = 7 }, keyByModel.Groups["unknown"]);
        Assert.Equal((4L, 118L, 7.5m), (allByModel.Requests, allByModel.TotalTokens, allByModel.Cost));
        Assert.Equal((0.5m, 7L), (allByModel.Groups![""].Cost, allByModel.Groups["unknown"].TotalTokens));
        Assert.Contains(new CostBreakdownItem("", 0.5m, 14.29m), costs.CostBreakdown);
        Assert.DoesNotContain(costs.TopModels, model => model.Model == "");
    }

    [Fact]
    public async Task Buckets_under_an_id_that_is_not_a_uuid_belong_to_no_key()
    {
        await RecordAsync();
        await Redis.HashSetAsync(LegacyKeys.KeyDaily("NOT-A-UUID", Fixture.Services.GetRequiredService<TimeBuckets>().Date(Now)), "requests", "5");

        var all = (await Usage.GetUsageStatsAsync(Query() with { GroupBy = UsageGroupBy.ApiKey })).Unwrap();

        Assert.Equal(3L, all.Summary.TotalRequests);
        Assert.DoesNotContain("NOT-A-UUID", Assert.Single(all.Stats).Groups!.Keys);
    }

    private UsageStatsQuery Query() => new() { StartDate = Now.AddHours(-1), EndDate = Now.AddHours(1) };

    private async Task RecordAsync() =>
        (await Usage.RecordUsageBatchAsync(
        [
            new UsageRecord { ApiKeyId = KeyA, AccountId = Account, Model = "model-a", InputTokens = 1, Cost = 1m, Timestamp = Now },
            new UsageRecord { ApiKeyId = KeyA, Model = "model-b", InputTokens = 10, Cost = 2m, Timestamp = Now },
            new UsageRecord { ApiKeyId = KeyB, AccountId = Account, Model = "model-a", InputTokens = 50, OutputTokens = 50, Cost = 4m, Timestamp = Now },
        ])).EnsureSuccess();
}
