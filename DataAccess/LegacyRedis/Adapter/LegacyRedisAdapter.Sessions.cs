using System.Text.Json;
using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// Admin sessions, the dead apikey_hash: family, OAuth flow state and sticky maps
// (layout §5.1, §5.10, §5.11).
internal sealed partial class LegacyRedisAdapter
{
    public async Task SetSessionAsync(string sessionId, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.Session(sessionId);
        var transaction = _redis.CreateTransaction();
        _ = transaction.HashSetAsync(key, ToValues(fields));
        _ = (ttl ?? LegacyTtls.AdminSession) > TimeSpan.Zero
            ? transaction.KeyExpireAsync(key, ttl ?? LegacyTtls.AdminSession)
            : transaction.KeyPersistAsync(key);
        await transaction.ExecuteAsync();
    }

    public Task<IReadOnlyDictionary<string, string>> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        hashes.ReadAsync(LegacyKeys.Session(sessionId), cancellationToken);

    public async Task<long> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        await _redis.KeyDeleteAsync(LegacyKeys.Session(sessionId)) ? 1 : 0;

    public async Task SetApiKeyHashAsync(string hashedKey, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.ApiKeyHash(hashedKey);
        var transaction = _redis.CreateTransaction();
        _ = transaction.HashSetAsync(key, ToValues(fields));
        if (ttl is { } expiry && expiry > TimeSpan.Zero)
        {
            _ = transaction.KeyExpireAsync(key, expiry);
        }

        await transaction.ExecuteAsync();
    }

    public Task<IReadOnlyDictionary<string, string>> GetApiKeyHashAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        hashes.ReadAsync(LegacyKeys.ApiKeyHash(hashedKey), cancellationToken);

    public async Task<long> DeleteApiKeyHashAsync(string hashedKey, CancellationToken cancellationToken = default)
    {
        var transaction = _redis.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(LegacyKeys.ApiKeyHash(hashedKey));
        _ = transaction.HashDeleteAsync(LegacyKeys.ApiKeyHashMap, hashedKey);
        await transaction.ExecuteAsync();
        return await deleted ? 1 : 0;
    }

    public async Task SetOAuthSessionAsync(string sessionId, IReadOnlyDictionary<string, object?> data, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.OAuthSession(sessionId);
        var transaction = _redis.CreateTransaction();
        _ = transaction.HashSetAsync(key, [.. data.Select(entry => new HashEntry(entry.Key, OAuthValue(entry.Value)))]);
        _ = transaction.KeyExpireAsync(key, ttl ?? LegacyTtls.OAuthSession);
        await transaction.ExecuteAsync();
    }

    public async Task<LegacyOAuthSession> GetOAuthSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var fields = await hashes.ReadAsync(LegacyKeys.OAuthSession(sessionId), cancellationToken);
        return new LegacyOAuthSession(fields, fields.TryGetValue("proxy", out var proxy) && proxy.Length > 0 ? ParseJson(proxy) : null);
    }

    public async Task<long> DeleteOAuthSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        await _redis.KeyDeleteAsync(LegacyKeys.OAuthSession(sessionId)) ? 1 : 0;

    public async Task SetSessionAccountMappingAsync(string sessionHash, string accountId, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await _redis.StringSetAsync(LegacyKeys.StickySession(sessionHash), accountId, ttl ?? LegacyTtls.StickySession);

    public async Task<string?> GetSessionAccountMappingAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        (string?)(await _redis.StringGetAsync([LegacyKeys.StickySession(sessionHash)]))[0];

    public async Task<long> DeleteSessionAccountMappingAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        await _redis.KeyDeleteAsync(LegacyKeys.StickySession(sessionHash)) ? 1 : 0;

    public async Task SetClaudeSessionMappingAsync(string sessionHash, StickyAccount account, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        await _redis.StringSetAsync(LegacyKeys.UnifiedClaudeSession(sessionHash), JsonSerializer.Serialize(account), ttl ?? LegacyTtls.StickySession);

    public async Task<StickyAccount?> GetClaudeSessionMappingAsync(string sessionHash, CancellationToken cancellationToken = default)
    {
        var stored = (string?)(await _redis.StringGetAsync([LegacyKeys.UnifiedClaudeSession(sessionHash)]))[0];
        try
        {
            return stored is null ? null : JsonSerializer.Deserialize<StickyAccount>(stored) is { AccountId: not null, AccountType: not null } account ? account : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<long> DeleteClaudeSessionMappingAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        await _redis.KeyDeleteAsync(LegacyKeys.UnifiedClaudeSession(sessionHash)) ? 1 : 0;

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

    private static HashEntry[] ToValues(IReadOnlyDictionary<string, string> fields) =>
        [.. fields.Select(field => new HashEntry(field.Key, field.Value))];
}
