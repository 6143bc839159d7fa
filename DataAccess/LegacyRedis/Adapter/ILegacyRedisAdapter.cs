using DataAccess.LegacyRedis.Adapter.Models;

namespace DataAccess.LegacyRedis.Adapter;

// The adapter of seed 000 (layout §10): claude-relay-service's src/models/redis.js as one
// interface over the legacy Redis layout, writing exactly what the relay writes, so both
// can share one database. Where the layout document flags an upstream bug, the correct
// behaviour is implemented and the data stays readable by the relay; see each method.
//
// Not here: connect, disconnect, getClient and getClientSafe (the host's
// IConnectionMultiplexer connects by itself and the host disposes it), and the thin wrappers
// get/set/setex/del/keys (use IDatabase; KEYS blocks the server, so there is none).
public interface ILegacyRedisAdapter
{
    // apikey:{keyId} with HSET and the 365-day TTL; with a hash, apikey:hash_map too. A new
    // hash for a key that had another retires the old one from the map (upstream keeps it,
    // so a regenerated key's old plain key still authenticates).
    Task SetApiKeyAsync(string keyId, IReadOnlyDictionary<string, string> fields, string? hashedKey = null, CancellationToken cancellationToken = default);

    // Empty when the key does not exist.
    Task<IReadOnlyDictionary<string, string>> GetApiKeyAsync(string keyId, CancellationToken cancellationToken = default);

    // Hard delete: the hash and its apikey:hash_map entry. Returns the number of keys removed.
    Task<long> DeleteApiKeyAsync(string keyId, CancellationToken cancellationToken = default);

    // Every apikey:{id} hash, soft-deleted ones included, unordered.
    Task<IReadOnlyList<LegacyEntry>> GetAllApiKeysAsync(CancellationToken cancellationToken = default);

    // Through apikey:hash_map; a map entry whose key is gone is removed. Null when unknown.
    Task<LegacyEntry?> FindApiKeyByHashAsync(string hashedKey, CancellationToken cancellationToken = default);

    // The 80 HINCRBY and 10 EXPIRE of one request (layout §5.2), now, with the relay's rule
    // that a zero output falls back to tokens when the input is zero too.
    Task IncrementTokenUsageAsync(
        string keyId,
        long tokens,
        long inputTokens = 0,
        long outputTokens = 0,
        long cacheCreateTokens = 0,
        long cacheReadTokens = 0,
        string model = "unknown",
        long ephemeral5mTokens = 0,
        long ephemeral1hTokens = 0,
        CancellationToken cancellationToken = default);

    // The account counters of one request (layout §5.4). Upstream's totalTokens argument,
    // which it never reads, is left out.
    Task IncrementAccountUsageAsync(
        string accountId,
        long inputTokens = 0,
        long outputTokens = 0,
        long cacheCreateTokens = 0,
        long cacheReadTokens = 0,
        string model = "unknown",
        CancellationToken cancellationToken = default);

    Task<LegacyKeyUsageStats> GetUsageStatsAsync(string keyId, CancellationToken cancellationToken = default);

    Task<decimal> GetDailyCostAsync(string keyId, CancellationToken cancellationToken = default);

    // The four cost keys of layout §5.3 (the relay's callers skip a zero cost; a zero still
    // creates the keys, which keeps the relay's start-up recompute away). Negative amounts
    // are refused.
    Task IncrementDailyCostAsync(string keyId, decimal amount, CancellationToken cancellationToken = default);

    Task<LegacyCostStats> GetCostStatsAsync(string keyId, CancellationToken cancellationToken = default);

    // Averages use the account's real createdAt (upstream reads a phantom key and always
    // divides by one day).
    Task<LegacyAccountUsageStats> GetAccountUsageStatsAsync(string accountId, CancellationToken cancellationToken = default);

    // Every Claude OAuth and OpenAI account with its usage, most tokens today first
    // (upstream always returns an empty list).
    Task<IReadOnlyList<LegacyAccountUsageEntry>> GetAllAccountsUsageStatsAsync(CancellationToken cancellationToken = default);

    // Deletes every usage:* key (costs and model keys included) and clears each key's
    // lastUsedAt; also the cost ledger this service keeps beside them (Crs2Keys).
    Task<LegacyUsageReset> ResetAllUsageStatsAsync(CancellationToken cancellationToken = default);

    string NormalizeModelName(string? model);

    // HSET; when the account is new, the scheduling fields missing from the map get their
    // defaults (layout §10.1).
    Task SetClaudeAccountAsync(string accountId, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default);

    // The stored map with the scheduling defaults filled in; empty when missing.
    Task<IReadOnlyDictionary<string, string>> GetClaudeAccountAsync(string accountId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LegacyEntry>> GetAllClaudeAccountsAsync(CancellationToken cancellationToken = default);

    Task<long> DeleteClaudeAccountAsync(string accountId, CancellationToken cancellationToken = default);

    // Only when the account exists: a partial hash would be listed upstream as a broken account.
    Task UpdateClaudeAccountSchedulingFieldsAsync(string accountId, SchedulingFieldsUpdate update, CancellationToken cancellationToken = default);

    // The new usageCount, or 0 (creating nothing) when the account does not exist.
    Task<long> IncrementClaudeAccountUsageCountAsync(string accountId, CancellationToken cancellationToken = default);

    Task SetOpenAiAccountAsync(string accountId, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> GetOpenAiAccountAsync(string accountId, CancellationToken cancellationToken = default);

    // Also leaves shared_openai_accounts, as the relay's service does.
    Task<long> DeleteOpenAiAccountAsync(string accountId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LegacyEntry>> GetAllOpenAiAccountsAsync(CancellationToken cancellationToken = default);

    // session:{id}, one day when no TTL is given. A zero TTL means no expiry (upstream's
    // EXPIRE 0 deletes what it has just written).
    Task SetSessionAsync(string sessionId, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    Task<long> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    // apikey_hash:{hash}; an expiry only when a TTL is given.
    Task SetApiKeyHashAsync(string hashedKey, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> GetApiKeyHashAsync(string hashedKey, CancellationToken cancellationToken = default);

    // Also removes the hash from apikey:hash_map, as upstream does since HEAD.
    Task<long> DeleteApiKeyHashAsync(string hashedKey, CancellationToken cancellationToken = default);

    // oauth:{id}, ten minutes by default. Values are written as the relay writes them:
    // strings as they are, null as "", booleans and numbers as JavaScript prints them,
    // anything else as JSON.
    Task SetOAuthSessionAsync(string sessionId, IReadOnlyDictionary<string, object?> data, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    Task<LegacyOAuthSession> GetOAuthSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    Task<long> DeleteOAuthSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    // sticky_session:{hash}, the seed's key; an hour by default. The relay routes Claude
    // requests by unified_claude_session_mapping: (the methods below) instead.
    Task SetSessionAccountMappingAsync(string sessionHash, string accountId, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    Task<string?> GetSessionAccountMappingAsync(string sessionHash, CancellationToken cancellationToken = default);

    Task<long> DeleteSessionAccountMappingAsync(string sessionHash, CancellationToken cancellationToken = default);

    // unified_claude_session_mapping:{hash} (layout §11 rule 10), the sticky map the relay
    // reads: an hour by default, not extended on reads.
    Task SetClaudeSessionMappingAsync(string sessionHash, StickyAccount account, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    // Null when missing or not the relay's JSON.
    Task<StickyAccount?> GetClaudeSessionMappingAsync(string sessionHash, CancellationToken cancellationToken = default);

    Task<long> DeleteClaudeSessionMappingAsync(string sessionHash, CancellationToken cancellationToken = default);

    // Counts real API keys and Claude accounts (upstream also counts apikey:hash_map) and
    // every usage:* key.
    Task<LegacySystemStats> GetSystemStatsAsync(CancellationToken cancellationToken = default);

    // Keys created today are counted by their createdAt instant in the offset (upstream
    // compares the UTC string with the offset date).
    Task<LegacyTodayStats> GetTodayStatsAsync(CancellationToken cancellationToken = default);

    Task<LegacySystemAverages> GetSystemAveragesAsync(CancellationToken cancellationToken = default);

    Task<LegacyRealtimeMetrics> GetRealtimeSystemMetricsAsync(CancellationToken cancellationToken = default);

    // The hourly maintenance: keys without a TTL under usage:daily:, ratelimit:, session:,
    // sticky_session: and oauth: get one (ten minutes for oauth:, a day otherwise). Returns
    // how many got one.
    Task<long> CleanupAsync(CancellationToken cancellationToken = default);

    // concurrency:{keyId} stays a string counter (layout §5.12, §11 rule 9).
    Task<long> IncrConcurrencyAsync(string keyId, CancellationToken cancellationToken = default);

    // Never below zero; the key is deleted when it reaches zero.
    Task<long> DecrConcurrencyAsync(string keyId, CancellationToken cancellationToken = default);

    Task<long> GetConcurrencyAsync(string keyId, CancellationToken cancellationToken = default);

    // Refuses an update that sets nothing and strategies outside SchedulingStrategies.All.
    Task SetSystemSchedulingConfigAsync(SchedulingConfigUpdate update, CancellationToken cancellationToken = default);

    // The stored values, defaults for what is missing; nothing is written on read.
    Task<SchedulingConfig> GetSystemSchedulingConfigAsync(CancellationToken cancellationToken = default);

    Task<long> DeleteSystemSchedulingConfigAsync(CancellationToken cancellationToken = default);
}
