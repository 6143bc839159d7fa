using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using DataAccess.Tests.Contract;
using DataAccess.Time;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace DataAccess.Tests.LegacyRedis;

// Keys of another type under a prefix the relay enumerates break the relay (layout §0);
// they must not break us: they are skipped, and the conformance check names them.
public sealed class ForeignKeyTests(LegacyRedisBackendFixture fixture) : LegacyLayoutTest(fixture)
{
    [Fact]
    public async Task Listings_skip_keys_of_another_type_and_the_conformance_check_names_them()
    {
        PlantsForeignKeys();
        var real = (await Fixture.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "real" })).Unwrap();
        var account = (await Fixture.ClaudeAccounts.CreateClaudeAccountAsync(new CreateAccountRequest
        {
            Name = "real",
            OAuthData = new OAuthCredentials { AccessToken = "sk-ant-oat01-real" },
        })).Unwrap();
        var foreignKey = LegacyKeys.ApiKey(Guid.NewGuid().ToString());
        var foreignAccount = LegacyKeys.ClaudeAccount(Guid.NewGuid().ToString());
        await Redis.StringSetAsync(foreignKey, "a string");
        await Redis.StringSetAsync(foreignAccount, "a string");
        await Redis.SetAddAsync("apikey:set:active", "x");

        var keys = (await Fixture.ApiKeys.GetAllApiKeysAsync(new ApiKeyQuery())).Unwrap();
        var accounts = (await Fixture.ClaudeAccounts.GetAvailableAccountsAsync(new AvailableAccountQuery())).Unwrap();
        var violations = await LegacyLayoutConformance.ViolationsAsync(Redis);

        Assert.Equal([real.Id], keys.Keys.Select(key => key.Id));
        Assert.Equal([account.Id], accounts.Select(found => found.Id));
        Assert.Single(await Adapter.GetAllApiKeysAsync());
        Assert.Equal(3, violations.Count);
        Assert.Contains(violations, violation => violation.StartsWith(foreignKey, StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.StartsWith(foreignAccount, StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.StartsWith("apikey:set:active", StringComparison.Ordinal));
        Assert.Equal(DatabaseErrorCode.RecordNotFound, (await Fixture.ApiKeys.GetApiKeyAsync(Guid.Parse(foreignKey["apikey:".Length..]))).Code);
    }

    [Fact]
    public async Task Usage_reads_skip_a_bucket_of_another_type()
    {
        PlantsForeignKeys();
        var key = Guid.NewGuid();
        var buckets = Fixture.Services.GetRequiredService<TimeBuckets>();
        await Redis.StringSetAsync(LegacyKeys.KeyDaily(key.ToString(), buckets.Date(Now)), "a string");
        await Redis.HashSetAsync(LegacyKeys.KeyTotals(key.ToString()), "totalRequests", 3);

        var stats = await Adapter.GetUsageStatsAsync(key.ToString());
        var rows = (await Fixture.Usage.GetUsageStatsAsync(new UsageStatsQuery { ApiKeyId = key, StartDate = Now.AddDays(-1), EndDate = Now.AddDays(1) })).Unwrap();

        Assert.Equal((3L, 0L), (stats.Total.Requests, stats.Daily.Requests));
        Assert.Empty(rows.Stats);
    }
}
