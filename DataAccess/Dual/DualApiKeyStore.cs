using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Stores;
using DataAccess.Postgres;
using DataAccess.Usage;

namespace DataAccess.Dual;

// API keys on both sides. The legacy side creates the key (its id and plain key); the
// PostgreSQL row is then given the same hash and creation time, so the one plain key
// validates on both.
internal sealed class DualApiKeyStore(
    LegacyRedisApiKeyStore legacy,
    PostgresApiKeyStore postgres,
    LegacyRedisAdapter adapter,
    PostgresMirror mirror,
    DualWrites writes,
    DualReadSide readSide,
    IUsageStore usage) : IApiKeyStore
{
    private IApiKeyStore Reader => readSide == DualReadSide.Redis ? legacy : postgres;

    public Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        writes.CreateAsync(
            "apikey.create",
            () => legacy.CreateApiKeyAsync(request, cancellationToken),
            async created =>
            {
                var mirrored = await postgres.CreateApiKeyAsync(request with { Id = created.Id }, cancellationToken);
                if (!mirrored.Success)
                {
                    return new DataResult { Error = mirrored.Error, Code = mirrored.Code, Field = mirrored.Field };
                }

                var adopted = await mirror.AdoptApiKeyAsync(created.Id, created.HashedKey, created.CreatedAt, cancellationToken);
                if (!adopted.Success)
                {
                    await mirror.RemoveApiKeyAsync(created.Id, cancellationToken);
                }

                return adopted;
            },
            created => adapter.DeleteApiKeyAsync(created.Id.ToString(), cancellationToken));

    public Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        Reader.ValidateApiKeyAsync(hashedKey, cancellationToken);

    public Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        Reader.GetApiKeyAsync(keyId, cancellationToken);

    public async Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default)
    {
        var written = await writes.UpdateAsync(
            "apikey.update",
            () => legacy.UpdateApiKeyAsync(keyId, update, cancellationToken),
            async () => Untyped(await postgres.UpdateApiKeyAsync(keyId, update, cancellationToken)));
        return written.Success && readSide == DualReadSide.Postgres && await postgres.GetApiKeyAsync(keyId, cancellationToken) is { Success: true } read
            ? read
            : written;
    }

    public Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        writes.DeleteAsync(
            "apikey.delete",
            () => legacy.DeleteApiKeyAsync(keyId, cancellationToken),
            () => postgres.DeleteApiKeyAsync(keyId, cancellationToken));

    public Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) =>
        Reader.GetAllApiKeysAsync(query, cancellationToken);

    public Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage keyUsage, CancellationToken cancellationToken = default) =>
        Reader.RecordKeyUsageAsync(usage, keyId, keyUsage, cancellationToken);

    private static DataResult Untyped<T>(DataResult<T> result) =>
        result.Success ? DataResult.Ok() : new DataResult { Error = result.Error, Code = result.Code, Field = result.Field };
}
