using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Redis;

// IDistributedCache on the shared Redis client. An entry is a hash holding the data and its
// expiration settings; Redis expires the key itself, and reads of an entry with a sliding
// expiration push its expiry out again (never past its absolute expiration).
public sealed class RedisDistributedCache(RedisClient redis, IOptions<RedisDistributedCacheOptions> options, TimeProvider timeProvider)
    : IDistributedCache
{
    private const string DataField = "data";
    private const string AbsoluteExpirationField = "absexp";
    private const string SlidingExpirationField = "sldexp";
    private const long NotSet = -1;

    private static readonly string[] ExpirationFields = [AbsoluteExpirationField, SlidingExpirationField];
    private static readonly string[] AllFields = [AbsoluteExpirationField, SlidingExpirationField, DataField];

    private readonly string _prefix = options.Value.InstanceName ?? string.Empty;

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var values = await redis.HashGetAsync(CacheKey(key), AllFields, token);
        if (values[2].IsNull)
        {
            return null;
        }

        await SlideAsync(key, values[0], values[1], token);
        return (byte[]?)values[2];
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = timeProvider.GetUtcNow();
        var absolute = AbsoluteExpiration(now, options);
        var sliding = options.SlidingExpiration;
        var cacheKey = CacheKey(key);

        var tx = redis.CreateTransaction();
        var write = tx.HashSetAsync(cacheKey,
        [
            new(AbsoluteExpirationField, absolute?.UtcTicks ?? NotSet),
            new(SlidingExpirationField, sliding?.Ticks ?? NotSet),
            new(DataField, value),
        ], token);
        var expire = TimeToLive(now, absolute, sliding) is { } ttl ? tx.ExpireAsync(cacheKey, ttl, token) : tx.PersistAsync(cacheKey, token);
        await tx.ExecuteAsync(token);
        await write;
        await expire;
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        var values = await redis.HashGetAsync(CacheKey(key), ExpirationFields, token);
        await SlideAsync(key, values[0], values[1], token);
    }

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default) => await redis.DeleteAsync(CacheKey(key), token);

    private async Task SlideAsync(string key, RedisValue absoluteTicks, RedisValue slidingTicks, CancellationToken token)
    {
        if (!slidingTicks.TryParse(out long sliding) || sliding == NotSet)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        DateTimeOffset? absolute = absoluteTicks.TryParse(out long ticks) && ticks != NotSet ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        if (TimeToLive(now, absolute, TimeSpan.FromTicks(sliding)) is { } ttl)
        {
            await redis.ExpireAsync(CacheKey(key), ttl, token);
        }
    }

    private string CacheKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _prefix + key;
    }

    private static DateTimeOffset? AbsoluteExpiration(DateTimeOffset now, DistributedCacheEntryOptions options)
    {
        if (options.AbsoluteExpiration is { } absolute && absolute <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), absolute, "The absolute expiration value must be in the future.");
        }

        return options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
    }

    private static TimeSpan? TimeToLive(DateTimeOffset now, DateTimeOffset? absolute, TimeSpan? sliding)
    {
        var untilAbsolute = absolute - now;
        var ttl = (untilAbsolute, sliding) switch
        {
            ({ } a, { } s) => a < s ? a : s,
            ({ } a, null) => a,
            (null, { } s) => s,
            _ => (TimeSpan?)null,
        };

        // Redis takes whole milliseconds; an entry due now expires at once.
        return ttl is { } value ? TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(value.TotalMilliseconds))) : null;
    }
}
