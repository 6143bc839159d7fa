using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// The hourly cleanup (layout §9) and the concurrency counter (layout §5.12).
internal sealed partial class LegacyRedisAdapter
{
    private static readonly string[] s_cleanupPatterns = ["usage:daily:*", "ratelimit:*", "session:*", "sticky_session:*", "oauth:*"];

    public async Task<long> CleanupAsync(CancellationToken cancellationToken = default)
    {
        long expired = 0;
        foreach (var pattern in s_cleanupPatterns)
        {
            foreach (var chunk in (await ScanKeysAsync(pattern, cancellationToken)).Chunk(ScanPageSize))
            {
                var batch = _redis.CreateBatch();
                var ttls = chunk.Select(key => (Key: key, Ttl: batch.KeyTimeToLiveAsync(key))).ToList();
                batch.Execute();
                var expiries = _redis.CreateBatch();
                var set = new List<Task<bool>>();
                foreach (var (key, ttl) in ttls)
                {
                    // A missing key and a key without TTL both read as null; EXPIRE on a
                    // missing key does nothing.
                    if (await ttl is null)
                    {
                        var lifetime = key.StartsWith("oauth:", StringComparison.Ordinal) ? LegacyTtls.OAuthSession : LegacyTtls.CleanupDefault;
                        set.Add(expiries.KeyExpireAsync(key, lifetime));
                    }
                }

                expiries.Execute();
                foreach (var result in set)
                {
                    expired += await result ? 1 : 0;
                }
            }
        }

        LogCleanup(expired);
        return expired;
    }

    public async Task<long> IncrConcurrencyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var key = LegacyKeys.Concurrency(keyId);
        var transaction = _redis.CreateTransaction();
        var count = transaction.StringIncrementAsync(key);
        _ = transaction.KeyExpireAsync(key, LegacyTtls.Concurrency);
        await transaction.ExecuteAsync();
        return await count;
    }

    public async Task<long> DecrConcurrencyAsync(string keyId, CancellationToken cancellationToken = default) =>
        (long)await _redis.ScriptEvaluateAsync(LegacyScripts.DecrementConcurrency, [LegacyKeys.Concurrency(keyId)]);

    public async Task<long> GetConcurrencyAsync(string keyId, CancellationToken cancellationToken = default) =>
        JsValues.ParseInt((string?)(await _redis.StringGetAsync([LegacyKeys.Concurrency(keyId)]))[0]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Legacy cleanup gave {Count} keys without a TTL one.")]
    private partial void LogCleanup(long count);
}
