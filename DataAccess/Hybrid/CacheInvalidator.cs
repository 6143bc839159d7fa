using System.Text.Json;
using DataAccess.Redis;
using DataAccess.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DataAccess.Hybrid;

// Removes cache entries after their data changed and tells every other process.
public sealed partial class CacheInvalidator(IConnectionMultiplexer redis, ILogger<CacheInvalidator> logger)
{
    public const string Channel = "crs2:cache-invalidate";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly RedisChannel s_channel = RedisChannel.Literal(Channel);

    private readonly IDatabase _redis = redis.GetDatabase();

    // The change is already stored: a cache that cannot be cleaned now serves stale data
    // until its TTL ends, which is logged, never turned into a failed write.
    public async Task InvalidateAsync(DataType dataType, IReadOnlyList<string> cacheKeys, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await RemoveAsync(dataType, cacheKeys, ids, cancellationToken);
        await AnnounceAsync(dataType, ids, cancellationToken);
    }

    // Removes this service's own cache entries of changed data, without telling anyone.
    public async Task RemoveAsync(DataType dataType, IReadOnlyList<string> cacheKeys, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            if (cacheKeys.Count > 0)
            {
                await _redis.KeyDeleteAsync([.. cacheKeys.Select(key => (RedisKey)key)]);
            }
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            LogInvalidationFailed(exception, dataType, string.Join(", ", ids));
        }
    }

    // Tells the processes that keep copies of their own (the gateways) to drop them.
    public async Task AnnounceAsync(DataType dataType, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.PublishAsync(s_channel, JsonSerializer.Serialize(new CacheInvalidation(dataType, ids), s_json));
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            LogInvalidationFailed(exception, dataType, string.Join(", ", ids));
        }
    }

    public async Task InvalidateAllAsync(DataType dataType, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<RedisKey>(500);
            await foreach (var key in _redis.KeysAsync(CacheKeys.AllOf(dataType), 1000, cancellationToken: cancellationToken))
            {
                batch.Add(key);
                if (batch.Count == 500)
                {
                    await _redis.KeyDeleteAsync([.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await _redis.KeyDeleteAsync([.. batch]);
            }

            await _redis.PublishAsync(s_channel, JsonSerializer.Serialize(new CacheInvalidation(dataType, [], All: true), s_json));
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            LogInvalidationFailed(exception, dataType, "all");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate cached {DataType} entries ({Ids}); they may be served until their TTL ends.")]
    private partial void LogInvalidationFailed(Exception exception, DataType dataType, string ids);
}
