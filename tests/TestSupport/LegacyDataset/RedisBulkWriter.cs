using ServiceDefaults.Redis;

namespace TestSupport.LegacyDataset;

// Writes keys the way the legacy relay leaves them (a value and a TTL), pipelined in large
// batches so millions of keys load in seconds.
public sealed class RedisBulkWriter(RedisClient redis) : IAsyncDisposable
{
    private const int CommandsPerBatch = 4000;

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private RedisBatch _batch = redis.CreateBatch();

    // Distinct keys: adding to a set written before does not count again.
    public long KeysWritten => _keys.Count;

    public async Task HashAsync(string key, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null)
    {
        _ = _batch.HashSetAsync(key, fields.Select(field => new KeyValuePair<string, RedisValue>(field.Key, field.Value)));
        await ExpireAndCountAsync(key, ttl);
    }

    public async Task StringAsync(string key, string value, TimeSpan? ttl = null)
    {
        _ = _batch.SetAsync(key, value);
        await ExpireAndCountAsync(key, ttl);
    }

    public async Task SetAsync(string key, IEnumerable<string> members)
    {
        _ = _batch.SetAddAsync(key, members.Select(member => (RedisValue)member));
        await ExpireAndCountAsync(key, null);
    }

    public async Task ListAsync(string key, params string[] items)
    {
        _ = _batch.ExecuteAsync("RPUSH", [key, .. items.Select(item => (RedisValue)item)], CancellationToken.None);
        await ExpireAndCountAsync(key, null);
    }

    public async Task FlushAsync()
    {
        if (_batch.Count > 0)
        {
            await _batch.ExecuteAsync();
            _batch = redis.CreateBatch();
        }
    }

    public async ValueTask DisposeAsync() => await FlushAsync();

    private async Task ExpireAndCountAsync(string key, TimeSpan? ttl)
    {
        if (ttl is { } expiry)
        {
            _ = _batch.ExpireAsync(key, TimeSpan.FromMilliseconds(Math.Max(1000, Math.Round(expiry.TotalMilliseconds))));
        }

        _keys.Add(key);
        if (_batch.Count >= CommandsPerBatch)
        {
            await FlushAsync();
        }
    }
}
