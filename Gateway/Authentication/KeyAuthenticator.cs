using DataAccess;
using DataAccess.ApiKeys;
using DataAccess.Security;
using Gateway.Routing;

namespace Gateway.Authentication;

// Steps 1 and 2 of the legacy order: the key's format, then the key itself through the
// in-process cache and the DataService, each failure a 401 with the legacy message.
public sealed partial class KeyAuthenticator(
    SecuritySettings security,
    ApiKeyHasher hasher,
    ApiKeyCache cache,
    IApiKeyStore keys,
    TimeProvider time,
    ILogger<KeyAuthenticator> logger)
{
    public async ValueTask<(ApiKeyValidation? Key, AnthropicError? Error)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var plainKey = ApiKeyExtractor.Extract(request);
        if (ApiKeyExtractor.CheckFormat(plainKey, security.ApiKeyPrefix) is { } formatError)
        {
            return (null, formatError);
        }

        var hash = hasher.Hash(plainKey!);
        if (!cache.TryGet(hash, out var key))
        {
            key = await LoadAsync(hash, cancellationToken);
            if (key is null && !cache.TryGet(hash, out _))
            {
                cache.Set(hash, null);
            }
        }

        return key is null ? (null, AnthropicError.Unauthorized("API key not found")) : Check(key);
    }

    private async Task<ApiKeyValidation?> LoadAsync(string hash, CancellationToken cancellationToken)
    {
        var result = await keys.ValidateApiKeyAsync(hash, cancellationToken);
        if (result.Success)
        {
            cache.Set(hash, result.Data);
            return result.Data;
        }

        if (result.Code != DatabaseErrorCode.RecordNotFound)
        {
            LogValidationFailed(result.Code);
            throw new DataServiceUnavailableException(result.Error ?? result.Code ?? "unknown error");
        }

        return null;
    }

    private (ApiKeyValidation?, AnthropicError?) Check(ApiKeyValidation key)
    {
        // A cached key was current when cached; its expiry may have passed since.
        var status = key.Status == ApiKeyStatus.Active && key.ExpiresAt is { } expiry && expiry <= time.GetUtcNow()
            ? ApiKeyStatus.Expired
            : key.Status;
        return status switch
        {
            ApiKeyStatus.Active => (key, null),
            ApiKeyStatus.Expired => (null, AnthropicError.Unauthorized("API key has expired")),
            ApiKeyStatus.Disabled => (null, AnthropicError.Unauthorized("API key is disabled")),
            ApiKeyStatus.Deleted => (null, AnthropicError.Unauthorized("API key is disabled")),
            ApiKeyStatus.OwnerDisabled => (null, AnthropicError.Unauthorized("User account is disabled")),
            _ => (null, AnthropicError.Unauthorized("API key not found")),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key validation through the DataService failed ({Code}).")]
    private partial void LogValidationFailed(string? code);
}

// The DataService could not answer; the request fails with 503 rather than a wrong 401.
public sealed class DataServiceUnavailableException(string message) : Exception(message);
