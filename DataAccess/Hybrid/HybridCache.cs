using System.Text.Json;
using DataAccess.Diagnostics;
using DataAccess.Postgres.Transactions;
using DataAccess.Redis;
using DataAccess.Storage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DataAccess.Hybrid;

// Reads through the Redis cache under a data type's current strategy. A cache that fails
// never fails a read that PostgreSQL can answer; with cache_only there is nothing to fall
// back to, so its failures are CACHE_ERROR and its misses CACHE_MISS.
public sealed partial class HybridCache(IConnectionMultiplexer redis, StorageStrategyRegistry strategies, ILogger<HybridCache> logger)
{
    private readonly IDatabase _redis = redis.GetDatabase();
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async Task<DataResult<T>> ReadAsync<T>(
        DataType dataType, string cacheKey, Func<CancellationToken, Task<DataResult<T>>> loadFromDatabase, CancellationToken cancellationToken,
        Func<T, TimeSpan?>? lifetime = null)
        where T : class
    {
        // Inside a joined transaction the database answers with writes not yet committed:
        // they are neither cached nor answered from a cache that does not know them.
        var config = strategies.Current(dataType);
        if (!config.EnableCache || JoinedTransaction.Current is not null)
        {
            return await loadFromDatabase(cancellationToken);
        }

        switch (config.ReadStrategy)
        {
            case ReadStrategy.CacheOnly:
                var cachedOnly = await TryGetAsync<T>(dataType, cacheKey, failHard: true, cancellationToken);
                return cachedOnly is { } hit
                    ? DataResult<T>.Ok(hit)
                    : DataResult<T>.Fail(new DatabaseError(DatabaseErrorCode.CacheMiss, $"{dataType} entry is not in the cache and the strategy is cache_only."));
            case ReadStrategy.DatabaseFirst:
                var loaded = await loadFromDatabase(cancellationToken);
                if (loaded.Success)
                {
                    await TrySetAsync(cacheKey, loaded.Data!, Ttl(config, lifetime?.Invoke(loaded.Data!)), cancellationToken);
                    return loaded;
                }

                if (loaded.Code is DatabaseErrorCode.ConnectionFailed or DatabaseErrorCode.ConnectionTimeout or DatabaseErrorCode.PoolExhausted or DatabaseErrorCode.QueryTimeout
                    && await TryGetAsync<T>(dataType, cacheKey, failHard: false, cancellationToken) is { } stale)
                {
                    LogServedFromCache(dataType, loaded.Code);
                    return DataResult<T>.Ok(stale);
                }

                return loaded;
            default:
                if (await TryGetAsync<T>(dataType, cacheKey, failHard: false, cancellationToken) is { } cached)
                {
                    return DataResult<T>.Ok(cached);
                }

                var fresh = await loadFromDatabase(cancellationToken);
                if (fresh.Success)
                {
                    await TrySetAsync(cacheKey, fresh.Data!, Ttl(config, lifetime?.Invoke(fresh.Data!)), cancellationToken);
                }

                return fresh;
        }
    }

    public async Task<T?> TryGetAsync<T>(DataType dataType, string cacheKey, bool failHard, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await _redis.StringGetAsync(cacheKey);
            DataAccessTelemetry.RecordCacheLookup(dataType, value.IsNull ? CacheOutcome.Miss : CacheOutcome.Hit);
            return value.IsNull ? default : JsonSerializer.Deserialize<T>((byte[])value!, s_json);
        }
        catch (Exception exception) when (exception.IsRedisFailure() && !failHard)
        {
            DataAccessTelemetry.RecordCacheLookup(dataType, CacheOutcome.Error);
            LogCacheReadFailed(exception, cacheKey);
            return default;
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            DataAccessTelemetry.RecordCacheLookup(dataType, CacheOutcome.Error);
            throw new DatabaseError(DatabaseErrorCode.CacheError, $"The cache failed: {exception.Message}", innerException: exception);
        }
        catch (JsonException exception)
        {
            LogCacheEntryUnreadable(exception, cacheKey);
            return default;
        }
    }

    public async Task TrySetAsync<T>(string cacheKey, T value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await _redis.StringSetAsync(cacheKey, JsonSerializer.SerializeToUtf8Bytes(value, s_json), ttl);
        }
        catch (Exception exception) when (exception.IsRedisFailure())
        {
            LogCacheWriteFailed(exception, cacheKey);
        }
    }

    private static TimeSpan Ttl(StorageConfig config, TimeSpan? lifetime)
    {
        var ttl = TimeSpan.FromSeconds(config.CacheTtlSeconds);
        return lifetime is { } limit && limit < ttl ? limit : ttl;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading cache entry {CacheKey} failed; reading PostgreSQL instead.")]
    private partial void LogCacheReadFailed(Exception exception, string cacheKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache entry {CacheKey} could not be read and is ignored.")]
    private partial void LogCacheEntryUnreadable(Exception exception, string cacheKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing cache entry {CacheKey} failed; the next read goes to PostgreSQL again.")]
    private partial void LogCacheWriteFailed(Exception exception, string cacheKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL failed ({Code}); served a cached {DataType} entry instead.")]
    private partial void LogServedFromCache(DataType dataType, string code);
}
