using System.Text.Json;
using DataAccess.Storage;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Redis;

namespace DataAccess.Hybrid;

// Removes cache entries after their data changed and tells every other process.
public sealed partial class CacheInvalidator(RedisClient redis, ILogger<CacheInvalidator> logger)
{
    public const string Channel = "crs2:cache-invalidate";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    // The change is already stored: a cache that cannot be cleaned now serves stale data
    // until its TTL ends, which is logged, never turned into a failed write.
    public async Task InvalidateAsync(DataType dataType, IReadOnlyList<string> cacheKeys, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            if (cacheKeys.Count > 0)
            {
                await redis.DeleteAsync(cacheKeys, cancellationToken);
            }

            await redis.PublishAsync(Channel, JsonSerializer.Serialize(new CacheInvalidation(dataType, ids), s_json), cancellationToken);
        }
        catch (RedisException exception)
        {
            LogInvalidationFailed(exception, dataType, string.Join(", ", ids));
        }
    }

    public async Task InvalidateAllAsync(DataType dataType, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<string>(500);
            await foreach (var key in redis.ScanAsync(CacheKeys.AllOf(dataType), 1000, cancellationToken: cancellationToken))
            {
                batch.Add(key);
                if (batch.Count == 500)
                {
                    await redis.DeleteAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await redis.DeleteAsync(batch, cancellationToken);
            }

            await redis.PublishAsync(Channel, JsonSerializer.Serialize(new CacheInvalidation(dataType, [], All: true), s_json), cancellationToken);
        }
        catch (RedisException exception)
        {
            LogInvalidationFailed(exception, dataType, "all");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate cached {DataType} entries ({Ids}); they may be served until their TTL ends.")]
    private partial void LogInvalidationFailed(Exception exception, DataType dataType, string ids);
}
