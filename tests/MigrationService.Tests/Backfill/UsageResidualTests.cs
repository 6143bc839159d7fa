using DataAccess.Security;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using MigrationService.Backfill;
using MigrationService.Backfill.Reporting;
using StackExchange.Redis;
using TestSupport;

namespace MigrationService.Tests.Backfill;

// How legacy buckets become residual rows, on keys written by hand: disjoint rows whose sums
// are every bucket's value, whatever the buckets' models and shapes.
public sealed class UsageResidualTests(PrivateRedisFixture fixture) : IClassFixture<PrivateRedisFixture>, IAsyncLifetime
{
    private const int Offset = 8;
    private static readonly DateTimeOffset s_hour = new TimeBuckets(Offset).StartOfHour(DateTimeOffset.UtcNow.AddHours(-30));
    private readonly Guid _key = Guid.NewGuid();
    private readonly TimeBuckets _buckets = new(Offset);
    private BackfillDatabase _database = null!;

    private IDatabase Redis => fixture.Redis;

    private string Key => _key.ToString();

    public async Task InitializeAsync()
    {
        await fixture.ClearAsync();
        _database = await BackfillDatabase.CreateAsync("backfill_residuals");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Buckets_without_per_model_keys_are_model_unknown_and_the_day_keeps_only_what_its_hours_miss()
    {
        await HashAsync($"usage:hourly:{Key}:{_buckets.Hour(s_hour)}", ("inputTokens", 10), ("outputTokens", 5), ("requests", 1));
        await HashAsync($"usage:daily:{Key}:{_buckets.Date(s_hour)}", ("inputTokens", 30), ("outputTokens", 15), ("requests", 3));

        var report = await RunAsync();

        Assert.Equal(0, report.ProblemCount(ProblemKind.InconsistentBuckets));
        Assert.Equal([("hour", "unknown", "unattributed", 1L, 10L), ("day", "unknown", "unattributed", 2L, 20L)], await RowsAsync());
    }

    // The relay shows the hour's remainder under "unknown" and the day's per model: so does
    // PostgreSQL, the day taking back from "unknown" what it names.
    [Fact]
    public async Task What_an_hour_holds_beyond_its_per_model_keys_is_unknown_there_and_the_model_the_day_names_in_the_day()
    {
        await HashAsync($"usage:hourly:{Key}:{_buckets.Hour(s_hour)}", ("inputTokens", 30), ("requests", 3));
        await HashAsync($"usage:{Key}:model:hourly:model-b:{_buckets.Hour(s_hour)}", ("inputTokens", 10), ("requests", 1));
        await HashAsync($"usage:daily:{Key}:{_buckets.Date(s_hour)}", ("inputTokens", 30), ("requests", 3));
        await HashAsync($"usage:{Key}:model:daily:model-a:{_buckets.Date(s_hour)}", ("inputTokens", 20), ("requests", 2));
        await HashAsync($"usage:{Key}:model:daily:model-b:{_buckets.Date(s_hour)}", ("inputTokens", 10), ("requests", 1));

        var report = await RunAsync();

        Assert.Equal(0, report.ProblemCount(ProblemKind.InconsistentBuckets));
        Assert.Equal(
            [("hour", "model-b", "model", 1L, 10L), ("hour", "unknown", "unattributed", 2L, 20L), ("day", "model-a", "model", 2L, 20L), ("day", "unknown", "unattributed", -2L, -20L)],
            await RowsAsync());
        var day = await StatsAsync(Granularity.Day, UsageGroupBy.Model);
        Assert.Equal([("model-a", 2L), ("model-b", 1L)], day.Groups!.Select(group => (group.Key, group.Value.Requests)).Order());
        var hour = await StatsAsync(Granularity.Hour, UsageGroupBy.Model);
        Assert.Equal([("model-b", 1L), ("unknown", 2L)], hour.Groups!.Select(group => (group.Key, group.Value.Requests)).Order());
    }

    // The relay shows the day as it is, smaller than its hour: so does PostgreSQL, and the
    // contradiction is reported.
    [Fact]
    public async Task A_bucket_holding_less_than_the_buckets_inside_it_is_reported_and_reads_as_the_relay_shows_it()
    {
        await HashAsync($"usage:hourly:{Key}:{_buckets.Hour(s_hour)}", ("inputTokens", 50), ("requests", 5));
        await HashAsync($"usage:daily:{Key}:{_buckets.Date(s_hour)}", ("inputTokens", 20), ("requests", 2));

        var report = await RunAsync();

        var problem = Assert.Single(report.Problems, problem => problem.Kind == ProblemKind.InconsistentBuckets);
        Assert.Contains(problem.Examples, example => example.StartsWith($"{Key} day bucket", StringComparison.Ordinal));
        Assert.Equal([("hour", "unknown", "unattributed", 5L, 50L), ("day", "unknown", "unattributed", -3L, -30L)], await RowsAsync());
        Assert.Equal((2L, 20L), ((await StatsAsync(Granularity.Day, null)).Requests, (await StatsAsync(Granularity.Day, null)).InputTokens));
        Assert.Equal((5L, 50L), ((await StatsAsync(Granularity.Hour, null)).Requests, (await StatsAsync(Granularity.Hour, null)).InputTokens));
    }

    [Fact]
    public async Task Costs_are_rows_of_the_empty_model_and_monthly_rows_keep_what_no_day_holds()
    {
        var day = _buckets.Date(s_hour);
        var month = _buckets.Month(s_hour);
        await Redis.StringSetAsync($"usage:cost:daily:{Key}:{day}", "0.25");
        await Redis.StringSetAsync($"usage:cost:monthly:{Key}:{month}", "1.75");
        await Redis.StringSetAsync($"usage:cost:total:{Key}", "9.5");

        await RunAsync();

        Assert.Equal(0.25m, await _database.ScalarAsync<decimal>("SELECT cost FROM legacy_usage_key_model WHERE granularity = 'day' AND model = ''"));
        Assert.Equal(1.5m, await _database.ScalarAsync<decimal>("SELECT cost FROM legacy_usage_key_model WHERE granularity = 'month' AND model = ''"));
        Assert.Equal(9.5m, await _database.ScalarAsync<decimal>("SELECT cost FROM usage_totals_key_all WHERE api_key_id = $1", _key));
    }

    [Fact]
    public async Task A_hash_from_before_the_input_output_split_is_split_30_70_and_kept_raw()
    {
        await HashAsync($"usage:{Key}", ("totalTokens", 1001), ("totalRequests", 4));

        await RunAsync();

        Assert.Equal(300L, await _database.ScalarAsync<long>("SELECT input_tokens FROM usage_totals_key_all WHERE api_key_id = $1", _key));
        Assert.Equal(701L, await _database.ScalarAsync<long>("SELECT output_tokens FROM usage_totals_key_all WHERE api_key_id = $1", _key));
        Assert.Equal("1001", await _database.ScalarAsync<string>("SELECT raw->>'totalTokens' FROM legacy_usage_lifetime WHERE owner_id = $1", _key));
    }

    // The relay splits 5005 into round(1501.5) = 1502 input and round(3503.5) = 3504 output,
    // one more than the total it shows.
    [Fact]
    public async Task Old_format_lifetime_totals_read_as_the_relay_splits_them_both_halves_rounded_up()
    {
        await HashAsync($"usage:{Key}", ("totalTokens", 5005), ("totalRequests", 10));

        await RunAsync();

        Assert.Equal(
            "10 1502 3504 5005",
            await _database.ScalarAsync<string>("SELECT format('%s %s %s %s', requests, input_tokens, output_tokens, total_tokens) FROM usage_totals_key_all WHERE api_key_id = $1", _key));
    }

    [Fact]
    public async Task Cleaning_old_usage_drops_migrated_rows_older_than_the_retention_and_keeps_the_totals()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-200);
        await HashAsync($"usage:monthly:{Key}:{_buckets.Month(old)}", ("inputTokens", 70), ("requests", 7));
        await HashAsync($"usage:hourly:{Key}:{_buckets.Hour(s_hour)}", ("inputTokens", 10), ("requests", 1));
        await HashAsync($"usage:{Key}", ("totalInputTokens", 80), ("totalRequests", 8));
        await RunAsync();
        var usage = _database.Stores("residual-tests", Offset).GetRequiredService<IUsageStore>();

        (await usage.CleanupOldStatsAsync(90)).Unwrap();

        Assert.Equal([("hour", "unknown", "unattributed", 1L, 10L)], await RowsAsync());
        Assert.Equal(8L, await _database.ScalarAsync<long>("SELECT requests FROM usage_totals_key_all WHERE api_key_id = $1", _key));
    }

    private async Task<BackfillReport> RunAsync() =>
        await _database.RunAsync(Redis, new BackfillOptions { Security = new SecuritySettings("residual-tests"), TimeZoneOffsetHours = Offset });

    private async Task HashAsync(string key, params (string Field, long Value)[] fields) =>
        await Redis.HashSetAsync(key, fields.Select(field => new KeyValuePair<string, RedisValue>(field.Field, field.Value)));

    private async Task<List<(string Granularity, string Model, string Part, long Requests, long Input)>> RowsAsync()
    {
        await using var command = _database.DataSource.CreateCommand(
            "SELECT granularity, model, part, requests, input_tokens FROM legacy_usage_key_model WHERE model <> '' ORDER BY granularity = 'day', bucket_start, model");
        var rows = new List<(string, string, string, long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return rows;
    }

    // The key's hour or day at s_hour, as the PostgreSQL backend answers.
    private async Task<UsageStatsRow> StatsAsync(Granularity granularity, UsageGroupBy? groupBy)
    {
        var usage = _database.Stores("residual-tests", Offset).GetRequiredService<IUsageStore>();
        var start = granularity == Granularity.Hour ? s_hour : _buckets.StartOfDay(s_hour);
        var stats = (await usage.GetUsageStatsAsync(new UsageStatsQuery
        {
            ApiKeyId = _key,
            StartDate = start,
            EndDate = granularity == Granularity.Hour ? start.AddHours(1) : start.AddDays(1),
            Granularity = granularity,
            GroupBy = groupBy,
        })).Unwrap();
        return Assert.Single(stats.Stats);
    }
}
