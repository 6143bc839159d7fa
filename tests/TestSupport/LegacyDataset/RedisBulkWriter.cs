using StackExchange.Redis;

namespace TestSupport.LegacyDataset;

// Writes keys the way the legacy relay leaves them (a value and a TTL), pipelined in large
// batches so millions of keys load in seconds.
public sealed class RedisBulkWriter(IDatabase redis) : IAsyncDisposable
{
    private const int CommandsPerBatch = 4000;

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<Task> _replies = new(CommandsPerBatch);
    private IBatch _batch = redis.CreateBatch();

    // Distinct keys: adding to a set written before does not count again.
    public long KeysWritten => _keys.Count;

    public async Task HashAsync(string key, IReadOnlyDictionary<string, string> fields, TimeSpan? ttl = null)
    {
        _replies.Add(_batch.HashSetAsync(key, [.. fields.Select(field => new HashEntry(field.Key, field.Value))]));
        await ExpireAndCountAsync(key, ttl);
    }

    public async Task StringAsync(string key, string value, TimeSpan? ttl = null)
    {
        _replies.Add(_batch.StringSetAsync(key, value));
        await ExpireAndCountAsync(key, ttl);
    }

    public async Task SetAsync(string key, IEnumerable<string> members)
    {
        _replies.Add(_batch.SetAddAsync(key, [.. members.Select(member => (RedisValue)member)]));
        await ExpireAndCountAsync(key, null);
    }

    public async Task ListAsync(string key, params string[] items)
    {
        _replies.Add(_batch.ListRightPushAsync(key, [.. items.Select(item => (RedisValue)item)]));
        await ExpireAndCountAsync(key, null);
    }

    public async Task FlushAsync()
    {
        if (_replies.Count > 0)
        {
            _batch.Execute();
            await Task.WhenAll(_replies);
            _replies.Clear();
            _batch = redis.CreateBatch();
        }
    }

    public async ValueTask DisposeAsync() => await FlushAsync();

    private async Task ExpireAndCountAsync(string key, TimeSpan? ttl)
    {
        if (ttl is { } expiry)
        {
            _replies.Add(_batch.KeyExpireAsync(key, TimeSpan.FromMilliseconds(Math.Max(1000, Math.Round(expiry.TotalMilliseconds)))));
        }

        _keys.Add(key);
        if (_replies.Count >= CommandsPerBatch)
        {
            await FlushAsync();
        }
    }
}
