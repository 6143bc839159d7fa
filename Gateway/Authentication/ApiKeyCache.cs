using System.Collections.Concurrent;
using DataAccess;
using DataAccess.ApiKeys;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gateway.Authentication;

// Validated keys by hash, in process: a cached key costs no DataService call. Bounded, with a
// short TTL, and emptied of a key within a second of any change by the invalidation channel
// (ChangeListener). Unknown hashes are kept for a moment too.
//
// A key is validated once however many requests bring it at the same time, and a key in use
// is validated again in the background during the last fifth of its TTL, so that neither a
// cold start nor a hot key's expiry sends a burst of requests to the DataService and holds
// them up. While the DataService cannot answer, a key's last answer stands for ServeStaleFor
// past its TTL; no change can be made through the DataService meanwhile.
public sealed partial class ApiKeyCache : IDisposable
{
    // After a failed validation the next attempt for the same key waits this long, so an
    // outage is not met with one DataService call per request.
    private static readonly TimeSpan s_retryAfterFailure = TimeSpan.FromSeconds(1);

    // How long a key's validation may keep a request whose key is past its TTL waiting before
    // the last answer is used: an unreachable DataService may take its client's whole timeout
    // to fail. Requests that come while that validation still runs wait only for what is left
    // of it, so a hung DataService costs one request this wait, not every request.
    private static readonly TimeSpan s_staleAnswerWait = TimeSpan.FromSeconds(1);

    private readonly MemoryCache _entries;
    private readonly ConcurrentDictionary<string, Validation> _validations = new();
    private readonly KeyCacheOptions _options;
    private readonly IApiKeyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyCache> _logger;

    // Moved on by every removal: a validation that started before a change must not cache
    // the answer it got from before the change.
    private long _generation;

    public ApiKeyCache(IOptions<GatewayOptions> options, IApiKeyStore store, TimeProvider time, ILogger<ApiKeyCache> logger)
    {
        _options = options.Value.KeyCache;
        _store = store;
        _time = time;
        _logger = logger;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxEntries });
    }

    // The key with this hash, or null when there is none. Throws DataServiceUnavailableException
    // when the key is not cached and the DataService cannot say.
    public async ValueTask<ApiKeyValidation?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(hash, out CachedKey? cached))
        {
            return await ValidateOnce(hash).Answer.WaitAsync(cancellationToken);
        }

        var now = _time.GetUtcNow();
        if (now < cached!.RefreshAfter)
        {
            return cached.Key;
        }

        if (now < cached.ExpiresAt)
        {
            ValidateOnce(hash);
            return cached.Key;
        }

        var validation = ValidateOnce(hash);
        while (true)
        {
            try
            {
                return await validation.Answer.WaitAsync(StaleWaitLeft(validation), _time, cancellationToken);
            }
            catch (TimeoutException) when (StaleWaitLeft(validation) > TimeSpan.Zero)
            {
                // A timer counts the system's coarse ticks and can end a few milliseconds short
                // of the second the validation's start is measured by; the rest is waited too.
            }
            catch (Exception exception) when (exception is DataServiceUnavailableException or TimeoutException)
            {
                return cached.Key;
            }
        }
    }

    private TimeSpan StaleWaitLeft(Validation validation)
    {
        var left = s_staleAnswerWait - _time.GetElapsedTime(validation.Started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public void Remove(string hashOrId)
    {
        Interlocked.Increment(ref _generation);
        _entries.Remove(hashOrId);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public void Dispose() => _entries.Dispose();

    private Validation ValidateOnce(string hash)
    {
        while (true)
        {
            if (_validations.TryGetValue(hash, out var running))
            {
                return running;
            }

            var answer = new TaskCompletionSource<ApiKeyValidation?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var validation = new Validation(answer.Task, _time.GetTimestamp());
            if (_validations.TryAdd(hash, validation))
            {
                // A validation in the background has nobody waiting for its failure.
                answer.Task.ContinueWith(static failed => _ = failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                _ = ValidateAsync(hash, validation, answer);
                return validation;
            }
        }
    }

    private async Task ValidateAsync(string hash, Validation validation, TaskCompletionSource<ApiKeyValidation?> answer)
    {
        var generation = Interlocked.Read(ref _generation);
        try
        {
            // Not the request's token: other requests wait for the same answer.
            var result = await _store.ValidateApiKeyAsync(hash, CancellationToken.None);
            if (!result.Success && result.Code != DatabaseErrorCode.RecordNotFound)
            {
                LogValidationFailed(result.Code);
                throw new DataServiceUnavailableException(result.Error ?? result.Code ?? "unknown error");
            }

            var key = result.Success ? result.Data : null;
            if (Interlocked.Read(ref _generation) == generation)
            {
                Set(hash, key);
            }

            _validations.TryRemove(new(hash, validation));
            answer.SetResult(key);
        }
        catch (Exception exception)
        {
            answer.SetException(exception);
            await Task.Delay(s_retryAfterFailure, _time);
            _validations.TryRemove(new(hash, validation));
        }
    }

    private void Set(string hash, ApiKeyValidation? key)
    {
        var now = _time.GetUtcNow();
        using var entry = _entries.CreateEntry(hash);
        entry.Size = 1;
        if (key is null)
        {
            entry.Value = new CachedKey(null, RefreshAfter: now + _options.UnknownKeyTtl, ExpiresAt: now + _options.UnknownKeyTtl);
            entry.AbsoluteExpirationRelativeToNow = _options.UnknownKeyTtl;
        }
        else
        {
            entry.Value = new CachedKey(key, RefreshAfter: now + _options.Ttl * 0.8, ExpiresAt: now + _options.Ttl);
            entry.AbsoluteExpirationRelativeToNow = _options.Ttl + _options.ServeStaleFor;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key validation through the DataService failed ({Code}).")]
    private partial void LogValidationFailed(string? code);

    private sealed record Validation(Task<ApiKeyValidation?> Answer, long Started);

    private sealed record CachedKey(ApiKeyValidation? Key, DateTimeOffset RefreshAfter, DateTimeOffset ExpiresAt);
}

// The DataService could not answer; the request fails with 503 rather than a wrong 401.
public sealed class DataServiceUnavailableException(string message) : Exception(message);
