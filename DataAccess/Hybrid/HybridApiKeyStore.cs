using DataAccess.ApiKeys;
using DataAccess.Postgres;
using DataAccess.Storage;

namespace DataAccess.Hybrid;

// API keys in PostgreSQL, read through the Redis cache. Validation, on every gateway
// request, is served from the cache; unknown hashes are remembered briefly too, so a flood
// of made-up keys does not reach PostgreSQL. A changed key leaves the cache; the gateways
// hear of the change from AnnouncedApiKeyStore, as with every backend.
internal sealed class HybridApiKeyStore(
    PostgresApiKeyStore database,
    HybridCache cache,
    CacheInvalidator invalidator,
    HybridUsageStore usage,
    TimeProvider time) : IApiKeyStore
{
    private static readonly TimeSpan UnknownHashTtl = TimeSpan.FromSeconds(30);

    public Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        database.CreateApiKeyAsync(request, cancellationToken);

    public async Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default)
    {
        try
        {
            ApiKeyRules.ValidateHash(hashedKey);
        }
        catch (DatabaseError error)
        {
            return DataResult<ApiKeyValidation>.Fail(error);
        }

        var cacheKey = CacheKeys.ApiKeyByHash(hashedKey);
        var result = await cache.ReadAsync(DataType.ApiKey, cacheKey, async token =>
        {
            var loaded = await database.ValidateApiKeyAsync(hashedKey, token);
            return loaded.Code == DatabaseErrorCode.RecordNotFound ? DataResult<CachedValidation>.Ok(CachedValidation.Unknown) : Wrap(loaded);
        }, cancellationToken, entry => entry.Key is null ? UnknownHashTtl : null);

        if (!result.Success)
        {
            return DataResult<ApiKeyValidation>.Fail(new DatabaseError(result.Code!, result.Error!, result.Field));
        }

        return result.Data!.Key is { } key
            ? DataResult<ApiKeyValidation>.Ok(WithCurrentStatus(key))
            : DataResult<ApiKeyValidation>.Fail(new DatabaseError(DatabaseErrorCode.RecordNotFound, "No API key has this hash."));
    }

    public Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        cache.ReadAsync(DataType.ApiKey, CacheKeys.ApiKeyById(keyId), token => database.GetApiKeyAsync(keyId, token), cancellationToken);

    public async Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default)
    {
        var result = await database.UpdateApiKeyAsync(keyId, update, cancellationToken);
        if (result.Success)
        {
            await RemoveFromCacheAsync(keyId, cancellationToken);
        }

        return result;
    }

    public async Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        var result = await database.DeleteApiKeyAsync(keyId, cancellationToken);
        if (result.Success)
        {
            await RemoveFromCacheAsync(keyId, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) =>
        database.GetAllApiKeysAsync(query, cancellationToken);

    // Checked against the cached key, then written like any usage under the usage strategy.
    public Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage keyUsage, CancellationToken cancellationToken = default) =>
        this.RecordKeyUsageAsync(usage, keyId, keyUsage, cancellationToken);

    private async Task RemoveFromCacheAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var hashes = await database.HashesOfAsync(keyId, cancellationToken);
        await invalidator.RemoveAsync(
            DataType.ApiKey,
            [CacheKeys.ApiKeyById(keyId), .. hashes.Select(CacheKeys.ApiKeyByHash)],
            [keyId.ToString(), .. hashes],
            cancellationToken);
    }

    // A cached entry was right when cached; an expiry may have passed since.
    private ApiKeyValidation WithCurrentStatus(ApiKeyValidation key) =>
        key.Status == ApiKeyStatus.Active && key.ExpiresAt is { } expiry && expiry <= time.GetUtcNow()
            ? key with { IsActive = false, Status = ApiKeyStatus.Expired }
            : key;

    private static DataResult<CachedValidation> Wrap(DataResult<ApiKeyValidation> loaded) =>
        loaded.Success
            ? DataResult<CachedValidation>.Ok(new CachedValidation(loaded.Data))
            : DataResult<CachedValidation>.Fail(new DatabaseError(loaded.Code!, loaded.Error!, loaded.Field));

    // What the cache holds for a hash: the key, or that no key has it.
    private sealed record CachedValidation(ApiKeyValidation? Key)
    {
        public static readonly CachedValidation Unknown = new((ApiKeyValidation?)null);
    }
}
