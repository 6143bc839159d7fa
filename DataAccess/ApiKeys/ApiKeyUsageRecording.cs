using DataAccess.Usage;

namespace DataAccess.ApiKeys;

// The one way a key's usage is recorded, on every backend: the key must exist (as the key
// store at hand sees it), then the usage goes down the same path as any usage record, to
// the usage store of the same backend, with the caller's event id.
internal static class ApiKeyUsageRecording
{
    public static async Task<DataResult> RecordKeyUsageAsync(
        this IApiKeyStore keys, IUsageStore usage, Guid keyId, ApiKeyUsage keyUsage, CancellationToken cancellationToken)
    {
        var exists = await keys.GetApiKeyAsync(keyId, cancellationToken);
        return exists.Success
            ? await usage.RecordUsageAsync(keyUsage.ToRecord(keyId), cancellationToken)
            : new DataResult { Error = exists.Error, Code = exists.Code, Field = exists.Field };
    }
}
