using System.Globalization;
using DataAccess.Accounts;
using DataAccess.ApiKeys;
using DataAccess.Security;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MigrationService.Backfill;

namespace MigrationService.Tests.Backfill;

// Usage that this service records while it runs on the relay's Redis (the migration guide's
// step 1) keeps its cost per account and per model in our own keys (crs2:cost:account:…,
// crs2:cost:key-model:…, crs2:cost:account-model:…), where the layout has no place for it.
// After the move a key and an account show the same cost as before, in total, bucket by
// bucket and model by model; and while both stores are written, --verify finds them equal.
public sealed class RecordedCostTests(PrivateRedisFixture fixture) : IClassFixture<PrivateRedisFixture>
{
    private const string EncryptionKey = "recorded-cost-tests-key-0123456789";
    private const int OffsetHours = 8;
    private const string Sonnet = "claude-sonnet-4-20250514";
    private const string Haiku = "claude-3-5-haiku-20241022";

    [Fact]
    public async Task Cost_recorded_on_the_legacy_layout_is_the_same_after_the_move_per_account_and_per_model()
    {
        await fixture.ClearAsync();
        var now = DateTimeOffset.UtcNow;
        await using var database = await BackfillDatabase.CreateAsync("backfill_recorded_cost");
        Guid accountId, keyId;
        using (var legacy = StoresHost.Build(Settings("redis", database)))
        {
            var services = legacy.Services;
            accountId = (await services.GetRequiredService<IClaudeAccountStore>().CreateClaudeAccountAsync(new CreateAccountRequest
            {
                Name = "recorded-cost",
                OAuthData = new OAuthCredentials { AccessToken = "sk-ant-oat01-recorded-cost", RefreshToken = "sk-ant-ort01-recorded-cost" },
            })).Unwrap().Id;
            keyId = (await services.GetRequiredService<IApiKeyStore>().CreateApiKeyAsync(new CreateApiKeyRequest { Name = "recorded-cost" })).Unwrap().Id;
            await RecordAsync(services, keyId, accountId, (now.AddHours(-3), Sonnet, 0.0123m), (now.AddHours(-3), Haiku, 0.0004560m), (now.AddMinutes(-1), Sonnet, 1.25m));
        }

        // Step 1 of the guide, then the backfill; step 3, dual writes, then the backfill again.
        var first = await MoveAsync(database, keyId, accountId, now);
        using (var dual = StoresHost.Build(Settings("dual", database)))
        {
            await RecordAsync(dual.Services, keyId, accountId, (now.AddHours(-3), Haiku, 0.5m), (now, Sonnet, 0.0000007m));
        }

        // Checked while both stores are written, before the backfill catches up: the last-used
        // times moved on in both, the relay's fields and PostgreSQL's usage totals.
        var meanwhile = await database.RunAsync(fixture.Redis, Options(BackfillMode.Verify));
        Assert.False(meanwhile.HasDifferences, meanwhile.Describe());

        var second = await MoveAsync(database, keyId, accountId, now);

        Assert.Equal(1.2627560m, first.Before.Total);
        Assert.Contains($"'{Haiku}': 0.000456", first.Before.AccountByModel, StringComparison.Ordinal);
        Assert.Contains($"'{Haiku}': 0.000456", first.Before.KeyByModel, StringComparison.Ordinal);
        Assert.Equal(first.Before, first.After);
        Assert.Equal(1.7627567m, second.Before.Total);
        Assert.Equal(second.Before, second.After);
    }

    private Dictionary<string, string?> Settings(string databaseType, BackfillDatabase database) => new()
    {
        ["ConnectionStrings:redis"] = fixture.Endpoint,
        ["ConnectionStrings:postgres"] = database.ConnectionString,
        ["DATABASE_TYPE"] = databaseType,
        ["ENCRYPTION_KEY"] = EncryptionKey,
        ["TIMEZONE_OFFSET"] = OffsetHours.ToString(CultureInfo.InvariantCulture),
    };

    private static BackfillOptions Options(BackfillMode mode) => new()
    {
        Security = new SecuritySettings(EncryptionKey),
        TimeZoneOffsetHours = OffsetHours,
        Mode = mode,
    };

    private static async Task RecordAsync(IServiceProvider services, Guid keyId, Guid accountId, params (DateTimeOffset At, string Model, decimal Cost)[] requests)
    {
        var usage = services.GetRequiredService<IUsageStore>();
        foreach (var (at, model, cost) in requests)
        {
            (await usage.RecordUsageAsync(new UsageRecord
            {
                ApiKeyId = keyId,
                AccountId = accountId,
                AccountType = AccountPlatform.Claude,
                Model = model,
                InputTokens = 100,
                OutputTokens = 40,
                Cost = cost,
                Timestamp = at,
            })).EnsureSuccess();
        }
    }

    // The costs as the legacy layout shows them, then the backfill, then as PostgreSQL shows them.
    private async Task<(Costs Before, Costs After)> MoveAsync(BackfillDatabase database, Guid keyId, Guid accountId, DateTimeOffset now)
    {
        Costs before;
        using (var legacy = StoresHost.Build(Settings("redis", database)))
        {
            before = await Costs.ReadAsync(legacy.Services, keyId, accountId, now);
        }

        var report = await database.RunAsync(fixture.Redis, Options(BackfillMode.Migrate));
        Assert.False(report.HasDifferences, report.Describe());
        return (before, await Costs.ReadAsync(database.Stores(EncryptionKey, OffsetHours), keyId, accountId, now));
    }

    // What the API shows of an account's cost: its lifetime total, and its hourly and daily
    // stats; and the hourly and daily cost by model of the account and of the key (each cost
    // written without trailing zeros, which PostgreSQL's numeric keeps).
    private sealed record Costs(decimal Total, decimal Hourly, decimal Daily, string HourlyBuckets, string AccountByModel, string KeyByModel)
    {
        public static async Task<Costs> ReadAsync(IServiceProvider services, Guid keyId, Guid accountId, DateTimeOffset now)
        {
            var account = (await services.GetRequiredService<IClaudeAccountStore>().GetClaudeAccountAsync(accountId)).Unwrap();
            var usage = services.GetRequiredService<IUsageStore>();
            var ofAccount = new Owner(null, accountId);
            var hourly = await StatsAsync(usage, ofAccount, now, Granularity.Hour);
            var daily = await StatsAsync(usage, ofAccount, now, Granularity.Day);
            return new Costs(
                account.UsageStats.TotalCost,
                hourly.Summary.TotalCost,
                daily.Summary.TotalCost,
                string.Join(", ", hourly.Stats.Where(stat => stat.Cost != 0).Select(stat => $"{stat.Date}: {Text(stat.Cost)}")),
                await ByModelAsync(usage, ofAccount, now),
                await ByModelAsync(usage, new Owner(keyId, null), now));
        }

        private static async Task<string> ByModelAsync(IUsageStore usage, Owner owner, DateTimeOffset now)
        {
            var buckets = new List<string>();
            foreach (var granularity in new[] { Granularity.Hour, Granularity.Day })
            {
                var stats = await StatsAsync(usage, owner, now, granularity, UsageGroupBy.Model);
                buckets.AddRange(stats.Stats.SelectMany(stat => (stat.Groups ?? new Dictionary<string, UsageCounts>())
                    .Where(group => group.Value.Cost != 0)
                    .OrderBy(group => group.Key, StringComparer.Ordinal)
                    .Select(group => $"{stat.Date} '{group.Key}': {Text(group.Value.Cost)}")));
            }

            return string.Join(", ", buckets);
        }

        // The hours around the recorded requests, or the days.
        private static async Task<UsageStats> StatsAsync(IUsageStore usage, Owner owner, DateTimeOffset now, Granularity granularity, UsageGroupBy? groupBy = null)
        {
            var (start, end) = granularity == Granularity.Hour ? (now.AddHours(-6), now.AddHours(1)) : (now.AddDays(-2), now.AddDays(1));
            return (await usage.GetUsageStatsAsync(new UsageStatsQuery
            {
                ApiKeyId = owner.KeyId,
                AccountId = owner.AccountId,
                StartDate = start,
                EndDate = end,
                Granularity = granularity,
                GroupBy = groupBy,
            })).Unwrap();
        }

        private static string Text(decimal cost) => cost.ToString("0.##########", CultureInfo.InvariantCulture);

        private sealed record Owner(Guid? KeyId, Guid? AccountId);
    }
}
