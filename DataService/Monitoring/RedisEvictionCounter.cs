using System.Globalization;
using DataAccess.Redis;
using StackExchange.Redis;

namespace DataService.Monitoring;

// Turns Redis's running total of evicted keys (INFO stats evicted_keys) into the number
// evicted since the previous reading.
internal sealed class RedisEvictionCounter(IConnectionMultiplexer redis)
{
    private long? _previous;

    // Null on the first reading, which only sets the baseline. A total lower than the last
    // one means the server restarted and counts from zero again.
    public async Task<long?> EvictedSinceLastReadingAsync(CancellationToken cancellationToken)
    {
        var stats = await redis.GetDatabase().InfoAsync("stats").WaitAsync(cancellationToken);
        var total = long.Parse(stats.GetValueOrDefault("evicted_keys", "0"), CultureInfo.InvariantCulture);
        var previous = _previous;
        _previous = total;
        return previous switch
        {
            null => null,
            { } last when total >= last => total - last,
            _ => total,
        };
    }
}
