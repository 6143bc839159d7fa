using System.Runtime.CompilerServices;
using System.Text;
using DataAccess.ApiKeys;
using DataAccess.Time;
using StackExchange.Redis;

namespace Gateway.Limits;

// The names of one key's limit counters (LimitKeys), made and encoded once for as long as
// the key's validation stays cached rather than seven times when each request is admitted
// and five times when it ends.
public sealed class KeyCounterNames
{
    private static readonly ConditionalWeakTable<ApiKeyValidation, KeyCounterNames> Cache = new();

    private readonly Guid _keyId;
    private DailyCostName? _dailyCost;

    private KeyCounterNames(Guid keyId)
    {
        _keyId = keyId;
        Concurrency = Encoded(LimitKeys.Concurrency(keyId));
        CounterLeases = Encoded(LimitKeys.CounterLeases(keyId));
        WindowStart = Encoded(LimitKeys.WindowStart(keyId));
        WindowRequests = Encoded(LimitKeys.WindowRequests(keyId));
        WindowTokens = Encoded(LimitKeys.WindowTokens(keyId));
        TotalTokens = Encoded(LimitKeys.TotalTokens(keyId));
    }

    public RedisKey Concurrency { get; }

    public RedisKey CounterLeases { get; }

    public RedisKey WindowStart { get; }

    public RedisKey WindowRequests { get; }

    public RedisKey WindowTokens { get; }

    public RedisKey TotalTokens { get; }

    public static KeyCounterNames Of(ApiKeyValidation key) => Cache.GetValue(key, static key => new KeyCounterNames(key.Id));

    // Today's cost counter, named again when the day (in the legacy time zone) turns.
    public RedisKey DailyCost(TimeBuckets buckets, DateTimeOffset now)
    {
        var day = buckets.StartOfDay(now);
        var current = _dailyCost;
        if (current?.Day != day)
        {
            current = new DailyCostName(day, Encoded(LimitKeys.DailyCost(_keyId, buckets.Date(now))));
            _dailyCost = current;
        }

        return current.Key;
    }

    private static RedisKey Encoded(RedisKey name) => Encoding.UTF8.GetBytes(name.ToString());

    private sealed record DailyCostName(DateTimeOffset Day, RedisKey Key);
}
