using DataAccess.ApiKeys;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gateway.Authentication;

// Validated keys by hash, in process: a cached key costs no DataService call. Bounded, with a
// short TTL, and emptied of a key within a second of any change by the invalidation channel
// (CacheInvalidationListener). Unknown hashes are kept for a moment too.
public sealed class ApiKeyCache : IDisposable
{
    private readonly MemoryCache _entries;
    private readonly KeyCacheOptions _options;

    public ApiKeyCache(IOptions<GatewayOptions> options)
    {
        _options = options.Value.KeyCache;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxEntries });
    }

    public bool TryGet(string hash, out ApiKeyValidation? key) => _entries.TryGetValue(hash, out key);

    public void Set(string hash, ApiKeyValidation? key)
    {
        using var entry = _entries.CreateEntry(hash);
        entry.Value = key;
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = key is null ? _options.UnknownKeyTtl : _options.Ttl;
    }

    public void Remove(string hashOrId) => _entries.Remove(hashOrId);

    public void Clear() => _entries.Clear();

    public void Dispose() => _entries.Dispose();
}
