using DataAccess.ApiKeys;

namespace DataAccess.Remote;

internal sealed class RemoteApiKeyStore(DataServiceClient client, TimeProvider time) : IApiKeyStore
{
    private const string Keys = "api/v1/apikeys";

    public Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        client.SendAsync<CreatedApiKey>(DataServiceRequest.Post(Keys, request), cancellationToken);

    // The hash travels in the body: the service keeps it out of URLs and so out of access logs.
    public Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        client.SendAsync<ApiKeyValidation>(DataServiceRequest.Post($"{Keys}/validate", new { hashedKey }), cancellationToken);

    public Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        client.SendAsync<ApiKey>(DataServiceRequest.Get($"{Keys}/{keyId}"), cancellationToken);

    public Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default) =>
        client.SendAsync<ApiKey>(DataServiceRequest.Patch($"{Keys}/{keyId}", update), cancellationToken);

    public Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        client.SendAsync(DataServiceRequest.Delete($"{Keys}/{keyId}"), cancellationToken);

    public Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default)
    {
        var path = new QueryParameters()
            .Add("isActive", query.IsActive)
            .Add("permissions", query.Permissions)
            .Add("tags", query.Tags is { Count: > 0 } tags ? string.Join(',', tags) : null)
            .Add("includeDeleted", query.IncludeDeleted)
            .Add("limit", query.Limit)
            .Add("offset", query.Offset)
            .Add("sortBy", query.SortBy)
            .AddEnum("sortOrder", query.SortOrder)
            .AppendTo(Keys);
        return client.SendAsync<ApiKeyPage>(DataServiceRequest.Get(path), cancellationToken);
    }

    public Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage usage, CancellationToken cancellationToken = default) =>
        client.SendAsync(DataServiceRequest.Post($"{Keys}/{keyId}/usage", UsageIdentity.Fix(usage, time.GetUtcNow())), cancellationToken);
}
