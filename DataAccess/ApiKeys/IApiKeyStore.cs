namespace DataAccess.ApiKeys;

// API keys (seed 003 ApiKeyInterface). The plain key is returned once, at creation; only its
// hash is stored.
public interface IApiKeyStore
{
    Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default);

    // Looks a key up by the hash of its plain text, as the gateway does on every request.
    Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default);

    Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default);

    // Changes only the fields the update sets.
    Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default);

    Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default);

    Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default);

    Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage usage, CancellationToken cancellationToken = default);
}
