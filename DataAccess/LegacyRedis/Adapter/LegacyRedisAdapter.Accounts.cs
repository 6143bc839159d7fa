using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// Claude OAuth and OpenAI accounts (layout §5.6, §5.7) with the scheduling fields of §10.1.
internal sealed partial class LegacyRedisAdapter
{
    private const string ClaudeAccountPrefix = "claude:account:";
    private const string OpenAiAccountPrefix = "openai:account:";

    // Filled in on read only, and written only when an account is created.
    private static readonly IReadOnlyDictionary<string, string> s_schedulingDefaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["schedulingStrategy"] = SchedulingStrategies.LeastRecent,
        ["schedulingWeight"] = "1",
        ["sequentialOrder"] = "1",
        ["roundRobinIndex"] = "0",
        ["usageCount"] = "0",
        ["lastScheduledAt"] = "",
    };

    public Task SetClaudeAccountAsync(string accountId, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default) =>
        SetAccountAsync(LegacyKeys.ClaudeAccount(accountId), fields, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> GetClaudeAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        WithSchedulingDefaults(await hashes.ReadAsync(LegacyKeys.ClaudeAccount(accountId), cancellationToken));

    public async Task<IReadOnlyList<LegacyEntry>> GetAllClaudeAccountsAsync(CancellationToken cancellationToken = default) =>
        [.. (await ScanFamilyAsync(ClaudeAccountPrefix + "*", key => IdAfter(ClaudeAccountPrefix, key), cancellationToken))
            .Select(entry => entry with { Fields = WithSchedulingDefaults(entry.Fields) })];

    public async Task<long> DeleteClaudeAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        await _redis.KeyDeleteAsync(LegacyKeys.ClaudeAccount(accountId)) ? 1 : 0;

    public async Task UpdateClaudeAccountSchedulingFieldsAsync(string accountId, SchedulingFieldsUpdate update, CancellationToken cancellationToken = default)
    {
        if (update.SchedulingStrategy is { } strategy && !SchedulingStrategies.All.Contains(strategy))
        {
            throw DatabaseError.Invalid("schedulingStrategy", $"must be one of {string.Join(", ", SchedulingStrategies.All)}.");
        }

        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(changes, "schedulingStrategy", update.SchedulingStrategy);
        Put(changes, "schedulingWeight", update.SchedulingWeight is { } weight ? JsValues.Number(weight) : null);
        Put(changes, "sequentialOrder", update.SequentialOrder is { } order ? JsValues.Number(order) : null);
        Put(changes, "roundRobinIndex", update.RoundRobinIndex is { } index ? JsValues.Number(index) : null);
        Put(changes, "usageCount", update.UsageCount is { } count ? JsValues.Number(count) : null);
        Put(changes, "lastScheduledAt", update.LastScheduledAt is { } scheduled ? JsValues.Iso(scheduled) : null);
        Put(changes, "priority", update.Priority is { } priority ? JsValues.Number(priority) : null);
        Put(changes, "schedulable", update.Schedulable is { } schedulable ? JsValues.Boolean(schedulable) : null);
        if (changes.Count > 0)
        {
            await UpdateExistingHashAsync(LegacyKeys.ClaudeAccount(accountId), null, null, [], changes, cancellationToken);
        }
    }

    public async Task<long> IncrementClaudeAccountUsageCountAsync(string accountId, CancellationToken cancellationToken = default) =>
        (long)await _redis.ScriptEvaluateAsync(LegacyScripts.IncrementIfExists, [LegacyKeys.ClaudeAccount(accountId)], ["usageCount", 1]);

    public Task SetOpenAiAccountAsync(string accountId, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default) =>
        SetAccountAsync(LegacyKeys.OpenAiAccount(accountId), fields, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> GetOpenAiAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        WithSchedulingDefaults(await hashes.ReadAsync(LegacyKeys.OpenAiAccount(accountId), cancellationToken));

    public async Task<long> DeleteOpenAiAccountAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var transaction = _redis.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(LegacyKeys.OpenAiAccount(accountId));
        _ = transaction.SetRemoveAsync(LegacyKeys.SharedOpenAiAccounts, accountId);
        await transaction.ExecuteAsync();
        return await deleted ? 1 : 0;
    }

    public async Task<IReadOnlyList<LegacyEntry>> GetAllOpenAiAccountsAsync(CancellationToken cancellationToken = default) =>
        [.. (await ScanFamilyAsync(OpenAiAccountPrefix + "*", key => IdAfter(OpenAiAccountPrefix, key), cancellationToken))
            .Select(entry => entry with { Fields = WithSchedulingDefaults(entry.Fields) })];

    // A new account hash with the scheduling defaults, unless the id is taken; shared
    // accounts can be added to their family's set of shared ids at the same time.
    internal async Task<bool> TryCreateAccountAsync(string key, IReadOnlyDictionary<string, string> fields, string? sharedSet, string? sharedMember, CancellationToken cancellationToken)
    {
        var withDefaults = new Dictionary<string, string>(s_schedulingDefaults, StringComparer.Ordinal);
        foreach (var (field, value) in fields)
        {
            withDefaults[field] = value;
        }

        return (long)await _redis.ScriptEvaluateAsync(
            LegacyScripts.CreateHash,
            [key, sharedSet ?? key],
            [sharedMember ?? "", .. Pairs(withDefaults)]) == 1;
    }

    // Field-level changes (and real HDELs) of a hash that exists; false otherwise.
    internal Task<bool> TryUpdateExistingHashAsync(string key, IReadOnlyCollection<string> removals, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken) =>
        UpdateExistingHashAsync(key, null, null, removals, changes, cancellationToken);

    // token_refresh_lock:{platform}:{id} as the relay takes it (SET NX EX 60 with a random
    // value), so a refresh here and one in the relay never run together. Null when held.
    internal async Task<string?> TryLockTokenRefreshAsync(string platform, string accountId, CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid().ToString();
        return await _redis.StringSetAsync(LegacyKeys.TokenRefreshLock(platform, accountId), holder, LegacyTtls.TokenRefreshLock, When.NotExists)
            ? holder
            : null;
    }

    internal async Task<bool> IsTokenRefreshLockedAsync(string platform, string accountId, CancellationToken cancellationToken) =>
        await _redis.KeyExistsAsync(LegacyKeys.TokenRefreshLock(platform, accountId));

    internal async Task UnlockTokenRefreshAsync(string platform, string accountId, string holder, CancellationToken cancellationToken) =>
        await _redis.ScriptEvaluateAsync(LegacyScripts.ReleaseLock, [LegacyKeys.TokenRefreshLock(platform, accountId)], [holder]);

    private async Task SetAccountAsync(string key, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        if (fields.Count == 0)
        {
            return;
        }

        await _redis.ScriptEvaluateAsync(
            LegacyScripts.SetWithDefaultsOnCreate,
            [key],
            [fields.Count, .. Pairs(fields), .. Pairs(s_schedulingDefaults)]);
    }

    private static IReadOnlyDictionary<string, string> WithSchedulingDefaults(IReadOnlyDictionary<string, string> fields)
    {
        if (fields.Count == 0)
        {
            return fields;
        }

        var filled = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        foreach (var (field, value) in s_schedulingDefaults)
        {
            if (!filled.TryGetValue(field, out var stored) || (stored.Length == 0 && value.Length > 0))
            {
                filled[field] = value;
            }
        }

        return filled;
    }

    private static void Put(Dictionary<string, string> changes, string field, string? value)
    {
        if (value is not null)
        {
            changes[field] = value;
        }
    }
}
