using DataAccess.ApiKeys;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;
using DataAccess.Security;
using DataAccess.Usage;

namespace DataAccess.LegacyRedis.Stores;

// API keys as apikey:{id} hashes, shared with a running claude-relay-service. Keys are
// created with every field the relay writes; updates rewrite only the fields they change;
// deleting is the relay's soft delete, which also takes the hash out of apikey:hash_map
// (layout §11 rule 7) and keeps it in our retired-hash index, so validation can still say
// the key was deleted.
internal sealed class LegacyRedisApiKeyStore(
    LegacyRedisAdapter adapter,
    LegacyRedisUsageStore usage,
    OperationRunner runner,
    ApiKeyGenerator generator,
    ApiKeyHasher hasher,
    TimeProvider time) : IApiKeyStore
{
    public Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = Milliseconds(time.GetUtcNow());
            ApiKeyRules.ValidateCreate(request, now);
            var plainKey = generator.Generate();
            var hash = hasher.Hash(plainKey);
            var key = new ApiKey
            {
                Id = request.Id ?? Guid.NewGuid(),
                Name = request.Name.Trim(),
                Description = request.Description ?? "",
                Limits = request.Limits ?? new ApiKeyLimits(),
                Permissions = request.Permissions ?? ApiKeyPermissions.All,
                Restrictions = request.Restrictions ?? new ApiKeyRestrictions(),
                Tags = request.Tags ?? [],
                AccountBindings = request.AccountBindings ?? new AccountBindings(),
                IsActive = request.IsActive ?? true,
                CreatedBy = request.CreatedBy ?? "admin",
                UserId = request.UserId,
                UserUsername = request.UserUsername,
                CreatedAt = now,
                ExpiresAt = request.ExpiresAt,
            };
            if (!await adapter.TryCreateApiKeyAsync(key.Id.ToString(), LegacyApiKeyFields.ToFields(key, hash), hash, token))
            {
                throw new DatabaseError(DatabaseErrorCode.DuplicateKey, $"An API key with id '{key.Id}' exists already.");
            }

            return new CreatedApiKey(key.Id, plainKey, hash, now);
        }, cancellationToken);

    // apikey:hash_map, then apikey:{id} (layout §6). A hash the key no longer carries
    // (rotated, by the relay or by us) is Retired.
    public Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            ApiKeyRules.ValidateHash(hashedKey);
            var entry = await adapter.FindApiKeyByHashAsync(hashedKey, token)
                ?? await adapter.FindApiKeyByRetiredHashAsync(hashedKey, token);
            if (entry is null || !Guid.TryParse(entry.Id, out var id))
            {
                throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No API key has this hash.");
            }

            var key = LegacyApiKeyFields.ToModel(id, entry.Fields);
            var ownerActive = key.UserId is not { } userId || await adapter.IsWebUserActiveAsync(userId, token);
            var status = ApiKeyRules.StatusOf(key.IsDeleted, key.IsActive, key.ExpiresAt, time.GetUtcNow(), ownerActive);
            if (status != ApiKeyStatus.Deleted && entry.Fields.GetValueOrDefault("apiKey") != hashedKey)
            {
                status = ApiKeyStatus.Retired;
            }

            // The legacy relay's lifetime total (getUsageStats' total.tokens, all four counts).
            var totalTokens = status == ApiKeyStatus.Active && key.Limits.TokenLimit > 0 ? (await adapter.GetUsageStatsAsync(entry.Id, token)).Total.Tokens : 0;
            return ToValidation(key, status) with { TotalTokens = totalTokens };
        }, cancellationToken);

    public Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(token => ReadAsync(keyId, token), cancellationToken);

    public Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            ApiKeyRules.ValidateUpdate(update, now);
            var current = await ReadAsync(keyId, token);
            var fields = LegacyApiKeyFields.ToFields(update.ApplyTo(current), "");
            var changes = LegacyApiKeyFields.ChangedBy(update).ToDictionary(field => field, field => fields[field], StringComparer.Ordinal);
            changes["updatedAt"] = JsValues.Iso(now);
            if (current.IsDeleted || !await adapter.TryUpdateLiveApiKeyAsync(keyId.ToString(), changes, token))
            {
                throw DatabaseError.NotFound("API key", keyId);
            }

            return await ReadAsync(keyId, token);
        }, cancellationToken);

    public Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = JsValues.Iso(time.GetUtcNow());
            var changes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["isDeleted"] = "true",
                ["deletedAt"] = now,
                ["deletedBy"] = "system",
                ["deletedByType"] = "system",
                ["isActive"] = "false",
                ["updatedAt"] = now,
            };
            if (!await adapter.TrySoftDeleteApiKeyAsync(keyId.ToString(), changes, token))
            {
                throw DatabaseError.NotFound("API key", keyId);
            }
        }, cancellationToken);

    public Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            ApiKeyRules.ValidateQuery(query);
            var keys = (await adapter.GetAllApiKeysAsync(token))
                .Select(ToModel)
                .OfType<ApiKey>()
                .Where(key => query.IncludeDeleted || !key.IsDeleted)
                .Where(key => query.IsActive is not { } active || key.IsActive == active)
                .Where(key => query.Permissions is not { } permissions || key.Permissions == permissions)
                .Where(key => (query.Tags ?? []).All(key.Tags.Contains))
                .ToList();
            var page = ApiKeyOrdering.Sort(keys, query.SortBy, query.SortOrder).Skip(query.Offset).Take(query.Limit).ToList();
            return new ApiKeyPage(page, keys.Count, (query.Offset / query.Limit) + 1, (keys.Count + query.Limit - 1) / query.Limit);
        }, cancellationToken);

    public Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage keyUsage, CancellationToken cancellationToken = default) =>
        this.RecordKeyUsageAsync(usage, keyId, keyUsage, cancellationToken);

    private async Task<ApiKey> ReadAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var fields = await adapter.GetApiKeyAsync(keyId.ToString(), cancellationToken);
        return fields.Count > 0 ? LegacyApiKeyFields.ToModel(keyId, fields) : throw DatabaseError.NotFound("API key", keyId);
    }

    // Keys whose id is not a UUID are not ours to list (nor the relay's: it only makes UUIDs).
    private static ApiKey? ToModel(LegacyEntry entry) =>
        Guid.TryParse(entry.Id, out var id) ? LegacyApiKeyFields.ToModel(id, entry.Fields) : null;

    private static ApiKeyValidation ToValidation(ApiKey key, ApiKeyStatus status) => new()
    {
        Id = key.Id,
        Name = key.Name,
        Permissions = key.Permissions,
        IsActive = status == ApiKeyStatus.Active,
        Status = status,
        ExpiresAt = key.ExpiresAt,
        RateLimits = new RateLimits(key.Limits.ConcurrencyLimit, key.Limits.DailyCostLimit, key.Limits.RateLimitRequests),
        Limits = key.Limits,
        Restrictions = key.Restrictions,
        AccountBindings = key.AccountBindings,
        UserId = key.UserId,
    };

    // The relay stores milliseconds (toISOString); what we return matches what is stored.
    private static DateTimeOffset Milliseconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());
}
