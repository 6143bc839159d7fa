using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.Contract;

namespace DataAccess.Tests.LegacyRedis;

// The methods the seed added beyond the relay (layout §10.1): scheduling fields on account
// hashes and system:scheduling_config.
public sealed class SchedulingLayoutTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    private static readonly string AccountId = Guid.NewGuid().ToString();

    [Fact]
    public async Task The_config_is_a_hash_of_strings_with_defaults_on_read_only()
    {
        Assert.Equal(SchedulingConfig.Default, await Adapter.GetSystemSchedulingConfigAsync());
        Assert.Empty(await KeysAsync());

        await Adapter.SetSystemSchedulingConfigAsync(new SchedulingConfigUpdate { DefaultStrategy = "round_robin", EnableGroupOverride = false });

        Assert.Equal(
            new Dictionary<string, string> { ["defaultStrategy"] = "round_robin", ["enableGroupOverride"] = "false" },
            await FieldsAsync(LegacyKeys.SchedulingConfig));
        await AssertNoTtlAsync(LegacyKeys.SchedulingConfig);
        Assert.Equal(new SchedulingConfig("round_robin", true, false), await Adapter.GetSystemSchedulingConfigAsync());
        Assert.Equal(1L, await Adapter.DeleteSystemSchedulingConfigAsync());
        Assert.Equal(0L, await Adapter.DeleteSystemSchedulingConfigAsync());
    }

    [Fact]
    public async Task An_empty_or_unknown_config_is_refused()
    {
        var empty = await Assert.ThrowsAsync<DatabaseError>(() => Adapter.SetSystemSchedulingConfigAsync(new SchedulingConfigUpdate()));
        var unknown = await Assert.ThrowsAsync<DatabaseError>(() => Adapter.SetSystemSchedulingConfigAsync(new SchedulingConfigUpdate { DefaultStrategy = "fastest" }));

        Assert.Equal(("config", "defaultStrategy"), (empty.Field, unknown.Field));
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Account_defaults_are_written_at_creation_only_and_filled_in_on_read()
    {
        await Adapter.SetClaudeAccountAsync(AccountId, new Dictionary<string, string> { ["id"] = AccountId, ["name"] = "a", ["usageCount"] = "7" });
        await Adapter.SetClaudeAccountAsync(AccountId, new Dictionary<string, string> { ["name"] = "renamed" });
        await Redis.HashDeleteAsync(LegacyKeys.ClaudeAccount(AccountId), "schedulingWeight");

        var stored = await FieldsAsync(LegacyKeys.ClaudeAccount(AccountId));
        var read = await Adapter.GetClaudeAccountAsync(AccountId);

        Assert.Equal(("renamed", "7", "least_recent", "0", ""), (stored["name"], stored["usageCount"], stored["schedulingStrategy"], stored["roundRobinIndex"], stored["lastScheduledAt"]));
        Assert.False(stored.ContainsKey("schedulingWeight"));
        Assert.Equal("1", read["schedulingWeight"]);
        Assert.Empty(await Adapter.GetClaudeAccountAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Scheduling_fields_change_only_an_existing_account()
    {
        var missing = Guid.NewGuid().ToString();
        await Adapter.SetClaudeAccountAsync(AccountId, new Dictionary<string, string> { ["id"] = AccountId, ["name"] = "a" });

        await Adapter.UpdateClaudeAccountSchedulingFieldsAsync(AccountId, new SchedulingFieldsUpdate
        {
            SchedulingStrategy = "weighted_random",
            SchedulingWeight = 3,
            LastScheduledAt = new DateTimeOffset(2025, 8, 18, 16, 0, 0, TimeSpan.Zero),
            Schedulable = false,
            Priority = 10,
        });
        await Adapter.UpdateClaudeAccountSchedulingFieldsAsync(missing, new SchedulingFieldsUpdate { SchedulingWeight = 3 });

        var stored = await FieldsAsync(LegacyKeys.ClaudeAccount(AccountId));
        Assert.Equal(("weighted_random", "3", "2025-08-18T16:00:00.000Z", "false", "10"), (stored["schedulingStrategy"], stored["schedulingWeight"], stored["lastScheduledAt"], stored["schedulable"], stored["priority"]));
        Assert.False(await Redis.KeyExistsAsync(LegacyKeys.ClaudeAccount(missing)));
    }

    [Fact]
    public async Task The_usage_count_increments_only_on_an_existing_account()
    {
        var missing = Guid.NewGuid().ToString();
        await Adapter.SetClaudeAccountAsync(AccountId, new Dictionary<string, string> { ["id"] = AccountId });

        Assert.Equal((1L, 2L), (await Adapter.IncrementClaudeAccountUsageCountAsync(AccountId), await Adapter.IncrementClaudeAccountUsageCountAsync(AccountId)));
        Assert.Equal(0L, await Adapter.IncrementClaudeAccountUsageCountAsync(missing));
        Assert.False(await Redis.KeyExistsAsync(LegacyKeys.ClaudeAccount(missing)));
    }

    [Fact]
    public async Task Deleting_an_openai_account_also_leaves_the_shared_set()
    {
        await Adapter.SetOpenAiAccountAsync(AccountId, new Dictionary<string, string> { ["id"] = AccountId, ["accountType"] = "shared" });
        await Redis.SetAddAsync(LegacyKeys.SharedOpenAiAccounts, AccountId);

        Assert.Equal("least_recent", (await Adapter.GetOpenAiAccountAsync(AccountId))["schedulingStrategy"]);
        Assert.Equal(1L, await Adapter.DeleteOpenAiAccountAsync(AccountId));

        Assert.Empty(await KeysAsync());
    }
}
