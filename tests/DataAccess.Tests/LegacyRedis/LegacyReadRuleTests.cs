using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Tests.Contract;
using DataAccess.Time;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using TestSupport;

namespace DataAccess.Tests.LegacyRedis;

// Data as older relays and people left it (layout §9, §5.1): counters without the
// input/output split, missing fields, broken JSON, "null" dates, no permissions.
public sealed class LegacyReadRuleTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    private TimeBuckets Buckets => Fixture.Services.GetRequiredService<TimeBuckets>();

    [Fact]
    public async Task Usage_without_the_input_output_split_reads_as_30_70()
    {
        var key = await PlantKeyAsync(new Dictionary<string, string>());
        await Redis.HashSetAsync($"usage:{key}", Fields(("totalTokens", "1001"), ("totalRequests", "4")));
        await Redis.HashSetAsync($"usage:daily:{key}:{Buckets.Date(Now)}", Fields(("tokens", "15"), ("requests", "1")));

        var stats = await Adapter.GetUsageStatsAsync(key.ToString());
        var summary = (await Fixture.Usage.GetKeyUsageSummaryAsync(key)).Unwrap();

        Assert.Equal(new(1001, 300, 701, 0, 0, 1001, 4), stats.Total);
        Assert.Equal(new(15, 5, 11, 0, 0, 15, 1), stats.Daily);
        Assert.Equal((4L, 300L, 701L, 1001L), (summary.Total.Requests, summary.Total.InputTokens, summary.Total.OutputTokens, summary.Total.TotalTokens));
    }

    [Fact]
    public async Task Missing_and_junk_counters_read_as_zero_and_all_tokens_falls_back_to_the_sum()
    {
        var key = await PlantKeyAsync(new Dictionary<string, string>());
        await Redis.HashSetAsync($"usage:{key}", Fields(("totalInputTokens", "10"), ("totalOutputTokens", "abc"), ("totalCacheReadTokens", "5"), ("totalRequests", "")));

        var stats = await Adapter.GetUsageStatsAsync(key.ToString());

        Assert.Equal(new(15, 10, 0, 0, 5, 15, 0), stats.Total);
        Assert.Equal(new(0, 0, 0, 0, 0, 0, 0), stats.Monthly);
    }

    [Fact]
    public async Task Account_usage_keeps_tokens_as_input_and_output_and_has_no_split()
    {
        await Redis.HashSetAsync("account_usage:acc", Fields(("totalTokens", "100"), ("totalAllTokens", "150"), ("totalRequests", "2")));

        var stats = await Adapter.GetAccountUsageStatsAsync("acc");

        Assert.Equal(new(100, 0, 0, 0, 0, 150, 2), stats.Total);
    }

    [Fact]
    public async Task Broken_json_null_dates_and_missing_permissions_read_the_legacy_way()
    {
        var key = await PlantKeyAsync(new Dictionary<string, string>
        {
            ["restrictedModels"] = "not json",
            ["tags"] = "[",
            ["allowedClients"] = "",
            ["expiresAt"] = "null",
            ["tokenLimit"] = "",
            ["dailyCostLimit"] = "junk",
        });

        var read = (await Fixture.ApiKeys.GetApiKeyAsync(key)).Unwrap();
        var validation = (await Fixture.ApiKeys.ValidateApiKeyAsync(new string('a', 64))).Unwrap();

        Assert.Equal(ApiKeyPermissions.All, read.Permissions);
        Assert.Empty(read.Restrictions.RestrictedModels);
        Assert.Empty(read.Tags);
        Assert.Null(read.ExpiresAt);
        Assert.Equal((0L, 0m), (read.Limits.TokenLimit, read.Limits.DailyCostLimit));
        Assert.Equal((true, ApiKeyStatus.Active), (validation.IsActive, validation.Status));
    }

    [Fact]
    public async Task A_web_user_key_with_messages_permission_keeps_it()
    {
        var key = await PlantKeyAsync(new Dictionary<string, string> { ["permissions"] = "messages" });

        Assert.Equal("messages", (await Fixture.ApiKeys.GetApiKeyAsync(key)).Unwrap().Permissions);
    }

    [Fact]
    public async Task A_relay_written_key_that_expired_validates_as_expired()
    {
        await PlantKeyAsync(new Dictionary<string, string> { ["expiresAt"] = "2025-01-01T00:00:00.000Z" });

        Assert.Equal(ApiKeyStatus.Expired, (await Fixture.ApiKeys.ValidateApiKeyAsync(new string('a', 64))).Unwrap().Status);
    }

    // A key as the relay leaves it: the hash and its map entry, with the given fields
    // replacing or removing (empty value) the ones it would have.
    private async Task<Guid> PlantKeyAsync(Dictionary<string, string> overrides)
    {
        var id = Guid.NewGuid();
        var fields = new Dictionary<string, RedisValue>
        {
            ["id"] = id.ToString(),
            ["name"] = "planted",
            ["apiKey"] = new string('a', 64),
            ["isActive"] = "true",
            ["createdAt"] = "2025-08-18T15:59:59.999Z",
        };
        foreach (var (field, value) in overrides)
        {
            fields[field] = value;
        }

        await Redis.HashSetAsync(LegacyKeys.ApiKey(id.ToString()), fields);
        await Redis.HashSetAsync(LegacyKeys.ApiKeyHashMap, new string('a', 64), id.ToString());
        return id;
    }

    private static Dictionary<string, RedisValue> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(field => field.Name, field => (RedisValue)field.Value);
}
