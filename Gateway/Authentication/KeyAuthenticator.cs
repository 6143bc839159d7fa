using DataAccess;
using DataAccess.ApiKeys;
using DataAccess.Security;
using Gateway.Routing;

namespace Gateway.Authentication;

// Steps 1 and 2 of the legacy order: the key's format, then the key itself through the
// in-process cache and the DataService, each failure a 401 with the legacy message.
public sealed class KeyAuthenticator(
    SecuritySettings security,
    ApiKeyHasher hasher,
    ApiKeyCache cache,
    TimeProvider time)
{
    public async ValueTask<(ApiKeyValidation? Key, AnthropicError? Error)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var plainKey = ApiKeyExtractor.Extract(request);
        if (ApiKeyExtractor.CheckFormat(plainKey, security.ApiKeyPrefix) is { } formatError)
        {
            return (null, formatError);
        }

        var key = await cache.GetAsync(hasher.Hash(plainKey!), cancellationToken);
        return key is null ? (null, AnthropicError.Unauthorized("API key not found")) : Check(key);
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
}
