using System.Text.Json;
using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using ServiceDefaults.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// Admin sessions, the dead apikey_hash: family, OAuth flow state and sticky maps
// (layout §5.1, §5.10, §5.11).
internal sealed partial class LegacyRedisAdapter
{
    public async Task SetSessionAsync(string sessionId, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.Session(sessionId);
        var transaction = redis.CreateTransaction();
        _ = transaction.HashSetAsync(key, ToValues(fields), cancellationToken);
        _ = (ttl ?? LegacyTtls.AdminSession) > TimeSpan.Zero
            ? transaction.ExpireAsync(key, ttl ?? LegacyTtls.AdminSession, cancellationToken)
            : transaction.PersistAsync(key, cancellationToken);
        await transaction.ExecuteAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        hashes.ReadAsync(LegacyKeys.Session(sessionId), cancellationToken);

    public Task<long> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        redis.DeleteAsync(LegacyKeys.Session(sessionId), cancellationToken).AsTask();

    public async Task SetApiKeyHashAsync(string hashedKey, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.ApiKeyHash(hashedKey);
        var transaction = redis.CreateTransaction();
        _ = transaction.HashSetAsync(key, ToValues(fields), cancellationToken);
        if (ttl is { } expiry && expiry > TimeSpan.Zero)
        {
            _ = transaction.ExpireAsync(key, expiry, cancellationToken);
        }

        await transaction.ExecuteAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> GetApiKeyHashAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        hashes.ReadAsync(LegacyKeys.ApiKeyHash(hashedKey), cancellationToken);

    public async Task<long> DeleteApiKeyHashAsync(string hashedKey, CancellationToken cancellationToken = default)
    {
        var transaction = redis.CreateTransaction();
        var deleted = transaction.DeleteAsync(LegacyKeys.ApiKeyHash(hashedKey), cancellationToken);
        _ = transaction.HashDeleteAsync(LegacyKeys.ApiKeyHashMap, hashedKey, cancellationToken);
        await transaction.ExecuteAsync(cancellationToken);
        return await deleted;
    }

    public async Task SetOAuthSessionAsync(string sessionId, IReadOnlyDictionary<string, object?> data, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.OAuthSession(sessionId);
        var transaction = redis.CreateTransaction();
        _ = transaction.HashSetAsync(key, data.Select(entry => KeyValuePair.Create(entry.Key, (RedisValue)OAuthValue(entry.Value))), cancellationToken);
        _ = transaction.ExpireAsync(key, ttl ?? LegacyTtls.OAuthSession, cancellationToken);
        await transaction.ExecuteAsync(cancellationToken);
    }

    public async Task<LegacyOAuthSession> GetOAuthSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var fields = await hashes.ReadAsync(LegacyKeys.OAuthSession(sessionId), cancellationToken);
        return new LegacyOAuthSession(fields, fields.TryGetValue("proxy", out var proxy) && proxy.Length > 0 ? ParseJson(proxy) : null);
    }

    public Task<long> DeleteOAuthSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        redis.DeleteAsync(LegacyKeys.OAuthSession(sessionId), cancellationToken).AsTask();

    public async Task SetSessionAccountMappingAsync(string sessionHash, string accountId, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await redis.SetAsync(LegacyKeys.StickySession(sessionHash), accountId, ttl ?? LegacyTtls.StickySession, cancellationToken: cancellationToken);

    public async Task<string?> GetSessionAccountMappingAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        (string?)(await redis.GetManyAsync([LegacyKeys.StickySession(sessionHash)], cancellationToken))[0];

    public Task<long> DeleteSessionAccountMappingAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        redis.DeleteAsync(LegacyKeys.StickySession(sessionHash), cancellationToken).AsTask();

    public async Task SetClaudeSessionMappingAsync(string sessionHash, StickyAccount account, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await redis.SetAsync(LegacyKeys.UnifiedClaudeSession(sessionHash), JsonSerializer.Serialize(account), ttl ?? LegacyTtls.StickySession, cancellationToken: cancellationToken);

    public async Task<StickyAccount?> GetClaudeSessionMappingAsync(string sessionHash, CancellationToken cancellationToken = default)
    {
        var stored = (string?)(await redis.GetManyAsync([LegacyKeys.UnifiedClaudeSession(sessionHash)], cancellationToken))[0];
        try
        {
            return stored is null ? null : JsonSerializer.Deserialize<StickyAccount>(stored) is { AccountId: not null, AccountType: not null } account ? account : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Task<long> DeleteClaudeSessionMappingAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        redis.DeleteAsync(LegacyKeys.UnifiedClaudeSession(sessionHash), cancellationToken).AsTask();

    // setOAuthSession JSON-encodes non-null objects; ioredis turns the rest into text.
    private static string OAuthValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => JsValues.Boolean(flag),
        int or long or decimal or double or float => JsValues.Number(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)),
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "",
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(value),
    };

    private static JsonElement? ParseJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<KeyValuePair<string, RedisValue>> ToValues(IReadOnlyDictionary<string, string> fields) =>
        fields.Select(field => KeyValuePair.Create(field.Key, (RedisValue)field.Value));
}
