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
// step 1) keeps its cost per account in our own keys (crs2:cost:account:…), where the layout
// has no place for it. After the move an account shows the same cost as before, in total and
// bucket by bucket.
public sealed class RecordedCostTests(PrivateRedisFixture fixture) : IClassFixture<PrivateRedisFixture>
{
    private const string EncryptionKey = "recorded-cost-tests-key-0123456789";
    private const int OffsetHours = 8;

    [Fact]
    public async Task An_accounts_cost_recorded_on_the_legacy_layout_is_the_same_after_the_move()
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
            await RecordAsync(services, keyId, accountId, (now.AddHours(-3), 0.0123m), (now.AddHours(-3), 0.0004560m), (now, 1.25m));
        }

        // Step 1 of the guide, then the backfill; step 3, dual writes, then the backfill again.
        var first = await MoveAsync(database, accountId, now);
        using (var dual = StoresHost.Build(Settings("dual", database)))
        {
            await RecordAsync(dual.Services, keyId, accountId, (now.AddHours(-3), 0.5m), (now, 0.0000007m));
        }

        var second = await MoveAsync(database, accountId, now);

        Assert.Equal(1.2627560m, first.Before.Total);
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

    private static async Task RecordAsync(IServiceProvider services, Guid keyId, Guid accountId, params (DateTimeOffset At, decimal Cost)[] requests)
    {
        var usage = services.GetRequiredService<IUsageStore>();
        foreach (var (at, cost) in requests)
        {
            (await usage.RecordUsageAsync(new UsageRecord
            {
                ApiKeyId = keyId,
                AccountId = accountId,
                AccountType = AccountPlatform.Claude,
                Model = "claude-sonnet-4-20250514",
                InputTokens = 100,
                OutputTokens = 40,
                Cost = cost,
                Timestamp = at,
            })).EnsureSuccess();
        }
    }

    // The account's cost as the legacy layout shows it, then the backfill, then as PostgreSQL shows it.
    private async Task<(AccountCosts Before, AccountCosts After)> MoveAsync(BackfillDatabase database, Guid accountId, DateTimeOffset now)
    {
        AccountCosts before;
        using (var legacy = StoresHost.Build(Settings("redis", database)))
        {
            before = await AccountCosts.ReadAsync(legacy.Services, accountId, now);
        }

        var report = await database.RunAsync(fixture.Redis, new BackfillOptions
        {
            Security = new SecuritySettings(EncryptionKey),
            TimeZoneOffsetHours = OffsetHours,
        });
        Assert.False(report.HasDifferences, report.Describe());
        return (before, await AccountCosts.ReadAsync(database.Stores(EncryptionKey, OffsetHours), accountId, now));
    }

    // What the API shows of an account's cost: its lifetime total, and its hourly and daily
    // stats (each hour's cost written without trailing zeros, which PostgreSQL's numeric keeps).
    private sealed record AccountCosts(decimal Total, decimal Hourly, decimal Daily, string HourlyBuckets)
    {
        public static async Task<AccountCosts> ReadAsync(IServiceProvider services, Guid accountId, DateTimeOffset now)
        {
            var account = (await services.GetRequiredService<IClaudeAccountStore>().GetClaudeAccountAsync(accountId)).Unwrap();
            var usage = services.GetRequiredService<IUsageStore>();
            var hourly = (await usage.GetUsageStatsAsync(new UsageStatsQuery
            {
                AccountId = accountId,
                StartDate = now.AddHours(-6),
                EndDate = now.AddHours(1),
                Granularity = Granularity.Hour,
            })).Unwrap();
            var daily = (await usage.GetUsageStatsAsync(new UsageStatsQuery
            {
                AccountId = accountId,
                StartDate = now.AddDays(-2),
                EndDate = now.AddDays(1),
                Granularity = Granularity.Day,
            })).Unwrap();
            return new AccountCosts(
                account.UsageStats.TotalCost,
                hourly.Summary.TotalCost,
                daily.Summary.TotalCost,
                string.Join(", ", hourly.Stats.Where(stat => stat.Cost != 0).Select(stat => $"{stat.Date}: {stat.Cost.ToString("0.##########", CultureInfo.InvariantCulture)}")));
        }
    }
}
