using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// Usage and cost reads (layout §9), and the reset.
internal sealed partial class LegacyRedisAdapter
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = new Dictionary<string, string>();

    // Where an account's createdAt is, by family (an account_usage id is not typed).
    private static readonly Func<string, string>[] s_accountFamilies =
    [
        LegacyKeys.ClaudeAccount,
        LegacyKeys.OpenAiAccount,
        id => $"claude_console_account:{id}",
        id => $"gemini_account:{id}",
    ];

    public async Task<LegacyKeyUsageStats> GetUsageStatsAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var read = await hashes.ReadManyAsync(
            [LegacyKeys.KeyTotals(keyId), LegacyKeys.KeyDaily(keyId, buckets.Date(now)), LegacyKeys.KeyMonthly(keyId, buckets.Month(now)), LegacyKeys.ApiKey(keyId)],
            cancellationToken);
        var total = read[0] ?? s_empty;
        var createdAt = JsValues.ParseIso((read[3] ?? s_empty).GetValueOrDefault("createdAt"));
        return new LegacyKeyUsageStats(
            LegacyUsageFields.ReadKeyUsage(total),
            LegacyUsageFields.ReadKeyUsage(read[1] ?? s_empty),
            LegacyUsageFields.ReadKeyUsage(read[2] ?? s_empty),
            LegacyAverages.Since(createdAt, now, JsValues.ParseInt(total.GetValueOrDefault("totalRequests")), JsValues.ParseInt(total.GetValueOrDefault("totalTokens"))));
    }

    public async Task<decimal> GetDailyCostAsync(string keyId, CancellationToken cancellationToken = default) =>
        (await ReadCostsAsync([LegacyKeys.CostDaily(keyId, buckets.Date(time.GetUtcNow()))], cancellationToken))[0];

    public async Task<LegacyCostStats> GetCostStatsAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var costs = await ReadCostsAsync(
            [LegacyKeys.CostDaily(keyId, buckets.Date(now)), LegacyKeys.CostMonthly(keyId, buckets.Month(now)), LegacyKeys.CostHourly(keyId, buckets.Hour(now)), LegacyKeys.CostTotal(keyId)],
            cancellationToken);
        return new LegacyCostStats(costs[0], costs[1], costs[2], costs[3]);
    }

    public async Task<LegacyAccountUsageStats> GetAccountUsageStatsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var read = await hashes.ReadManyAsync(
            [LegacyKeys.AccountTotals(accountId), LegacyKeys.AccountDaily(accountId, buckets.Date(now)), LegacyKeys.AccountMonthly(accountId, buckets.Month(now))],
            cancellationToken);
        var total = read[0] ?? s_empty;
        var createdAt = await AccountCreatedAtAsync(accountId, cancellationToken);
        return new LegacyAccountUsageStats(
            accountId,
            LegacyUsageFields.ReadAccountUsage(total),
            LegacyUsageFields.ReadAccountUsage(read[1] ?? s_empty),
            LegacyUsageFields.ReadAccountUsage(read[2] ?? s_empty),
            LegacyAverages.Since(createdAt, now, JsValues.ParseInt(total.GetValueOrDefault("totalRequests")), JsValues.ParseInt(total.GetValueOrDefault("totalTokens"))));
    }

    public async Task<IReadOnlyList<LegacyAccountUsageEntry>> GetAllAccountsUsageStatsAsync(CancellationToken cancellationToken = default)
    {
        var accounts = new List<(LegacyEntry Entry, string Platform)>();
        accounts.AddRange((await GetAllClaudeAccountsAsync(cancellationToken)).Select(entry => (entry, Accounts.AccountPlatform.Claude)));
        accounts.AddRange((await GetAllOpenAiAccountsAsync(cancellationToken)).Select(entry => (entry, Accounts.AccountPlatform.OpenAi)));
        var entries = new List<LegacyAccountUsageEntry>(accounts.Count);
        foreach (var (entry, platform) in accounts)
        {
            var usage = await GetAccountUsageStatsAsync(entry.Id, cancellationToken);
            entries.Add(new LegacyAccountUsageEntry(
                entry.Id,
                platform,
                entry.Fields.GetValueOrDefault("name", ""),
                entry.Fields.GetValueOrDefault("status", ""),
                JsValues.IsTrue(entry.Fields.GetValueOrDefault("isActive")),
                usage));
        }

        return [.. entries.OrderByDescending(entry => entry.Usage.Daily.AllTokens)];
    }

    public async Task<LegacyUsageReset> ResetAllUsageStatsAsync(CancellationToken cancellationToken = default)
    {
        long deletedKeys = 0, deletedDaily = 0, deletedMonthly = 0, resetKeys = 0;
        var cleared = new Dictionary<string, string>(StringComparer.Ordinal) { ["lastUsedAt"] = "" };
        foreach (var key in await ScanKeysAsync(ApiKeyPrefix + "*", cancellationToken))
        {
            if (ApiKeyIdOf(key) is not { } keyId)
            {
                continue;
            }

            deletedKeys += await _redis.KeyDeleteAsync(LegacyKeys.KeyTotals(keyId)) ? 1 : 0;
            deletedDaily += await DeleteMatchingAsync($"usage:daily:{RedisGlob.Escape(keyId)}:*", cancellationToken);
            deletedMonthly += await DeleteMatchingAsync($"usage:monthly:{RedisGlob.Escape(keyId)}:*", cancellationToken);
            if (await UpdateExistingHashAsync(LegacyKeys.ApiKey(keyId), null, null, [], cleared, cancellationToken))
            {
                resetKeys++;
            }
        }

        deletedKeys += await DeleteMatchingAsync("usage:*", cancellationToken);
        await DeleteMatchingAsync(Crs2Keys.CostPattern, cancellationToken);
        return new LegacyUsageReset(deletedKeys, deletedDaily, deletedMonthly, resetKeys);
    }

    // Costs are strings; MGET reads a key of another type as missing instead of failing.
    private async Task<decimal[]> ReadCostsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        [.. (await _redis.StringGetAsync([.. keys.Select(key => (RedisKey)key)])).Select(value => JsValues.ParseFloat((string?)value))];

    private async Task<DateTimeOffset?> AccountCreatedAtAsync(string accountId, CancellationToken cancellationToken)
    {
        foreach (var family in s_accountFamilies)
        {
            var fields = await hashes.ReadAsync(family(accountId), cancellationToken);
            if (JsValues.ParseIso(fields.GetValueOrDefault("createdAt")) is { } createdAt)
            {
                return createdAt;
            }
        }

        return null;
    }

    private async Task<long> DeleteMatchingAsync(string pattern, CancellationToken cancellationToken)
    {
        long deleted = 0;
        foreach (var chunk in (await ScanKeysAsync(pattern, cancellationToken)).Chunk(ScanPageSize))
        {
            deleted += await _redis.KeyDeleteAsync([.. chunk.Select(key => (RedisKey)key)]);
        }

        return deleted;
    }

}
