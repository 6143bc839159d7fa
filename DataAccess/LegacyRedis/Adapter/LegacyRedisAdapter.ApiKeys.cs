using System.Text.Json;
using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// API keys: apikey:{id} and apikey:hash_map (layout §5.1).
internal sealed partial class LegacyRedisAdapter
{
    private const string ApiKeyPrefix = "apikey:";

    public async Task SetApiKeyAsync(string keyId, IReadOnlyDictionary<string, string> fields, string? hashedKey = null, CancellationToken cancellationToken = default) =>
        await _redis.ScriptEvaluateAsync(
            LegacyScripts.SetApiKey,
            [LegacyKeys.ApiKey(keyId), LegacyKeys.ApiKeyHashMap, Crs2Keys.RetiredApiKeyHashes],
            [keyId, hashedKey ?? "", LegacyTtls.Seconds(LegacyTtls.ApiKey), .. Pairs(fields)]);

    public Task<IReadOnlyDictionary<string, string>> GetApiKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        hashes.ReadAsync(LegacyKeys.ApiKey(keyId), cancellationToken);

    // The hash the key answers to (the apiKey field), none when the key is gone.
    internal async Task<IReadOnlyList<string>> ApiKeyHashesAsync(string keyId, CancellationToken cancellationToken)
    {
        var fields = await GetApiKeyAsync(keyId, cancellationToken);
        return fields.TryGetValue("apiKey", out var hash) && hash.Length > 0 ? [hash] : [];
    }

    public async Task<long> DeleteApiKeyAsync(string keyId, CancellationToken cancellationToken = default) =>
        (long)await _redis.ScriptEvaluateAsync(LegacyScripts.DeleteApiKey, [LegacyKeys.ApiKey(keyId), LegacyKeys.ApiKeyHashMap], [keyId]);

    public Task<IReadOnlyList<LegacyEntry>> GetAllApiKeysAsync(CancellationToken cancellationToken = default) =>
        ScanFamilyAsync(ApiKeyPrefix + "*", ApiKeyIdOf, cancellationToken);

    public async Task<LegacyEntry?> FindApiKeyByHashAsync(string hashedKey, CancellationToken cancellationToken = default)
    {
        var keyId = (string?)await _redis.HashGetAsync(LegacyKeys.ApiKeyHashMap, hashedKey);
        if (keyId is null)
        {
            return null;
        }

        var fields = await GetApiKeyAsync(keyId, cancellationToken);
        if (fields.Count > 0)
        {
            return new LegacyEntry(keyId, fields);
        }

        await _redis.HashDeleteAsync(LegacyKeys.ApiKeyHashMap, hashedKey);
        return null;
    }

    // The key a hash answered to before this service deleted or rotated it; null when the
    // hash was never retired here or the key is gone.
    internal async Task<LegacyEntry?> FindApiKeyByRetiredHashAsync(string hashedKey, CancellationToken cancellationToken)
    {
        var keyId = (string?)await _redis.HashGetAsync(Crs2Keys.RetiredApiKeyHashes, hashedKey);
        if (keyId is null)
        {
            return null;
        }

        var fields = await GetApiKeyAsync(keyId, cancellationToken);
        return fields.Count > 0 ? new LegacyEntry(keyId, fields) : null;
    }

    // False when the id is taken.
    internal async Task<bool> TryCreateApiKeyAsync(string keyId, IReadOnlyDictionary<string, string> fields, string hashedKey, CancellationToken cancellationToken) =>
        (long)await _redis.ScriptEvaluateAsync(
            LegacyScripts.CreateApiKey,
            [LegacyKeys.ApiKey(keyId), LegacyKeys.ApiKeyHashMap],
            [keyId, hashedKey, LegacyTtls.Seconds(LegacyTtls.ApiKey), .. Pairs(fields)]) == 1;

    // Field-level HSET of a key that exists and is not deleted (layout §11 rule 4), with
    // the TTL re-armed as every upstream write does. False when there is no such key.
    internal Task<bool> TryUpdateLiveApiKeyAsync(string keyId, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken) =>
        UpdateExistingHashAsync(LegacyKeys.ApiKey(keyId), LegacyTtls.ApiKey, ("isDeleted", "true"), [], changes, cancellationToken);

    // False when there is no live key to delete.
    internal async Task<bool> TrySoftDeleteApiKeyAsync(string keyId, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken) =>
        (long)await _redis.ScriptEvaluateAsync(
            LegacyScripts.SoftDeleteApiKey,
            [LegacyKeys.ApiKey(keyId), LegacyKeys.ApiKeyHashMap, Crs2Keys.RetiredApiKeyHashes],
            [keyId, LegacyTtls.Seconds(LegacyTtls.ApiKey), .. Pairs(changes)]) == 1;

    // user:{userId} (layout §5.10): validation refuses keys of a web user that is missing
    // or disabled.
    internal async Task<bool> IsWebUserActiveAsync(string userId, CancellationToken cancellationToken)
    {
        var document = (await _redis.StringGetAsync([LegacyKeys.User(userId)]))[0];
        if (document.IsNull)
        {
            return false;
        }

        try
        {
            using var user = JsonDocument.Parse((string)document!);
            return user.RootElement.ValueKind == JsonValueKind.Object
                && user.RootElement.TryGetProperty("isActive", out var active)
                && active.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<bool> UpdateExistingHashAsync(
        string key,
        TimeSpan? ttl,
        (string Field, string Value)? guard,
        IReadOnlyCollection<string> removals,
        IReadOnlyDictionary<string, string> changes,
        CancellationToken cancellationToken) =>
        (long)await _redis.ScriptEvaluateAsync(
            LegacyScripts.UpdateExistingHash,
            [key],
            [ttl is { } expiry ? LegacyTtls.Seconds(expiry) : 0, guard?.Field ?? "", guard?.Value ?? "", removals.Count, .. removals.Select(field => (RedisValue)field), .. Pairs(changes)]) == 1;

    private static string? ApiKeyIdOf(string key) =>
        key == LegacyKeys.ApiKeyHashMap ? null : IdAfter(ApiKeyPrefix, key);
}
