using DataAccess.ApiKeys;
using DataAccess.Hybrid;
using DataAccess.Storage;
using Microsoft.Extensions.Logging;

namespace DataAccess.Announcements;

// A key store, of any backend, whose changes are announced on the invalidation channel, so
// that every gateway drops a changed key at once instead of at the end of its cache's TTL.
// The gateways cache keys by hash: the hashes the key answered to before the change, as
// each of the backend's sides lists them, go with its id.
internal sealed partial class AnnouncedApiKeyStore(
    IApiKeyStore inner,
    IReadOnlyList<Func<Guid, CancellationToken, Task<IReadOnlyList<string>>>> hashLookups,
    CacheInvalidator invalidator,
    ILogger<AnnouncedApiKeyStore> logger) : IApiKeyStore
{
    public Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        inner.CreateApiKeyAsync(request, cancellationToken);

    public Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        inner.ValidateApiKeyAsync(hashedKey, cancellationToken);

    public Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        inner.GetApiKeyAsync(keyId, cancellationToken);

    public async Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default)
    {
        var hashes = await HashesAsync(keyId, cancellationToken);
        var result = await inner.UpdateApiKeyAsync(keyId, update, cancellationToken);
        if (result.Success)
        {
            await AnnounceAsync(keyId, hashes, cancellationToken);
        }

        return result;
    }

    public async Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        var hashes = await HashesAsync(keyId, cancellationToken);
        var result = await inner.DeleteApiKeyAsync(keyId, cancellationToken);
        if (result.Success)
        {
            await AnnounceAsync(keyId, hashes, cancellationToken);
        }

        return result;
    }

    public Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) =>
        inner.GetAllApiKeysAsync(query, cancellationToken);

    public Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage usage, CancellationToken cancellationToken = default) =>
        inner.RecordApiKeyUsageAsync(keyId, usage, cancellationToken);

    // A side that cannot be read fails neither the change (in dual mode the other side may
    // still take it) nor the announcement of the hashes the other sides listed.
    private async Task<IReadOnlyList<string>> HashesAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lookup in hashLookups)
        {
            try
            {
                hashes.UnionWith(await lookup(keyId, cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogHashesUnread(exception, keyId);
            }
        }

        return [.. hashes];
    }

    private Task AnnounceAsync(Guid keyId, IReadOnlyList<string> hashes, CancellationToken cancellationToken) =>
        invalidator.AnnounceAsync(DataType.ApiKey, [keyId.ToString(), .. hashes], cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hashes of key {KeyId} could not all be read before its change; gateways holding it under an unread hash keep it until their cache's TTL ends.")]
    private partial void LogHashesUnread(Exception exception, Guid keyId);
}
