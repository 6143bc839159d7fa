using DataAccess.ApiKeys;
using DataAccess.Postgres.Entities;
using DataAccess.Postgres.Usage;
using DataAccess.Security;
using Microsoft.EntityFrameworkCore;

namespace DataAccess.Postgres;

// API keys in PostgreSQL. Deleting a key is a soft delete: the row and its usage history
// stay, and the key stops admitting requests. A key's usage goes to PostgreSQL's usage store.
internal sealed class PostgresApiKeyStore(
    IDbContextFactory<RelayDbContext> contexts,
    OperationRunner runner,
    ApiKeyGenerator generator,
    ApiKeyHasher hasher,
    PostgresUsageStore usage,
    TimeProvider time) : IApiKeyStore
{
    public Task<DataResult<CreatedApiKey>> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            ApiKeyRules.ValidateCreate(request, now);
            var plainKey = generator.Generate();
            var entity = new ApiKeyEntity
            {
                Id = request.Id ?? Guid.CreateVersion7(now),
                Name = request.Name.Trim(),
                Description = request.Description ?? "",
                KeyHash = hasher.Hash(plainKey),
                Permissions = request.Permissions ?? ApiKeyPermissions.All,
                Tags = [.. request.Tags ?? []],
                IsActive = request.IsActive ?? true,
                CreatedBy = request.CreatedBy ?? "admin",
                UserId = request.UserId,
                UserUsername = request.UserUsername,
                CreatedAt = now,
                ExpiresAt = request.ExpiresAt,
            };
            entity.Apply(request.Limits ?? new ApiKeyLimits());
            entity.Apply(request.Restrictions ?? new ApiKeyRestrictions());
            entity.Apply(request.AccountBindings ?? new AccountBindings());

            await using var context = await contexts.CreateDbContextAsync(token);
            context.ApiKeys.Add(entity);
            await context.SaveChangesAsync(token);
            return new CreatedApiKey(entity.Id, plainKey, entity.KeyHash, entity.CreatedAt);
        }, cancellationToken);

    public Task<DataResult<ApiKeyValidation>> ValidateApiKeyAsync(string hashedKey, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            ApiKeyRules.ValidateHash(hashedKey);
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await context.ApiKeys.AsNoTracking().SingleOrDefaultAsync(key => key.KeyHash == hashedKey, token);
            if (entity is not null)
            {
                var ownerActive = entity.UserId is not { } userId || await context.WebUsers.AnyAsync(user => user.Id == userId && user.IsActive, token);
                var validation = entity.ToValidation(time.GetUtcNow(), ownerActive);
                return validation.IsActive && entity.TokenLimit > 0
                    ? validation with
                    {
                        TotalTokens = await context.Database
                            .SqlQuery<long>($"SELECT coalesce(sum(total_tokens), 0)::bigint AS \"Value\" FROM usage_totals_key_all WHERE api_key_id = {entity.Id}")
                            .SingleAsync(token),
                    }
                    : validation;
            }

            var retired = await context.RetiredApiKeyHashes.AsNoTracking()
                .Where(hash => hash.KeyHash == hashedKey)
                .Join(context.ApiKeys, hash => hash.ApiKeyId, key => key.Id, (_, key) => key)
                .SingleOrDefaultAsync(token);
            return retired is null
                ? throw new DatabaseError(DatabaseErrorCode.RecordNotFound, "No API key has this hash.")
                : retired.ToValidation(time.GetUtcNow()) with { IsActive = false, Status = ApiKeyStatus.Retired };
        }, cancellationToken);

    public Task<DataResult<ApiKey>> GetApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            await using var context = await contexts.CreateDbContextAsync(token);
            var found = await context.ApiKeys.AsNoTracking()
                .Where(key => key.Id == keyId)
                .GroupJoin(context.KeyUsageTotals, key => key.Id, totals => totals.ApiKeyId, (key, totals) => new { key, totals })
                .SelectMany(row => row.totals.DefaultIfEmpty(), (row, totals) => new { row.key, LastUsedAt = totals == null ? null : totals.LastUsedAt })
                .SingleOrDefaultAsync(token);
            return found is null ? throw DatabaseError.NotFound("API key", keyId) : found.key.ToModel(found.LastUsedAt);
        }, cancellationToken);

    public Task<DataResult<ApiKey>> UpdateApiKeyAsync(Guid keyId, ApiKeyUpdate update, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            ApiKeyRules.ValidateUpdate(update, now);
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await context.ApiKeys.SingleOrDefaultAsync(key => key.Id == keyId && !key.IsDeleted, token)
                ?? throw DatabaseError.NotFound("API key", keyId);
            Apply(entity, update);
            entity.UpdatedAt = now;
            await context.SaveChangesAsync(token);
            return entity.ToModel();
        }, cancellationToken);

    public Task<DataResult> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            await using var context = await contexts.CreateDbContextAsync(token);
            var deleted = await context.ApiKeys
                .Where(key => key.Id == keyId && !key.IsDeleted)
                .ExecuteUpdateAsync(key => key
                    .SetProperty(k => k.IsDeleted, true)
                    .SetProperty(k => k.IsActive, false)
                    .SetProperty(k => k.DeletedAt, now)
                    .SetProperty(k => k.UpdatedAt, now), token);
            if (deleted == 0)
            {
                throw DatabaseError.NotFound("API key", keyId);
            }
        }, cancellationToken);

    public Task<DataResult<ApiKeyPage>> GetAllApiKeysAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            ApiKeyRules.ValidateQuery(query);
            await using var context = await contexts.CreateDbContextAsync(token);
            var keys = context.ApiKeys.AsNoTracking().Where(key => query.IncludeDeleted || !key.IsDeleted);
            if (query.IsActive is { } isActive)
            {
                keys = keys.Where(key => key.IsActive == isActive);
            }

            if (query.Permissions is { } permissions)
            {
                keys = keys.Where(key => key.Permissions == permissions);
            }

            foreach (var tag in query.Tags ?? [])
            {
                keys = keys.Where(key => key.Tags.Contains(tag));
            }

            var rows = keys
                .GroupJoin(context.KeyUsageTotals, key => key.Id, totals => totals.ApiKeyId, (key, totals) => new { key, totals })
                .SelectMany(row => row.totals.DefaultIfEmpty(), (row, totals) => new
                {
                    row.key,
                    LastUsedAt = totals != null && totals.LastUsedAt != null ? totals.LastUsedAt : row.key.LastUsedAt,
                });
            var total = await keys.LongCountAsync(token);
            var descending = query.SortOrder == SortOrder.Desc;
            var sorted = query.SortBy switch
            {
                "name" => descending ? rows.OrderByDescending(row => row.key.Name) : rows.OrderBy(row => row.key.Name),
                "updatedAt" => descending ? rows.OrderByDescending(row => row.key.UpdatedAt) : rows.OrderBy(row => row.key.UpdatedAt),
                "lastUsedAt" => descending ? rows.OrderByDescending(row => row.LastUsedAt) : rows.OrderBy(row => row.LastUsedAt),
                "expiresAt" => descending ? rows.OrderByDescending(row => row.key.ExpiresAt) : rows.OrderBy(row => row.key.ExpiresAt),
                _ => descending ? rows.OrderByDescending(row => row.key.CreatedAt) : rows.OrderBy(row => row.key.CreatedAt),
            };
            var page = await sorted.ThenBy(row => row.key.Id).Skip(query.Offset).Take(query.Limit).ToListAsync(token);
            return new ApiKeyPage(
                [.. page.Select(row => row.key.ToModel(row.LastUsedAt))],
                total,
                (query.Offset / query.Limit) + 1,
                (int)((total + query.Limit - 1) / query.Limit));
        }, cancellationToken);

    public Task<DataResult> RecordApiKeyUsageAsync(Guid keyId, ApiKeyUsage keyUsage, CancellationToken cancellationToken = default) =>
        this.RecordKeyUsageAsync(usage, keyId, keyUsage, cancellationToken);

    // The hashes a key answers to, or answered to before it was regenerated: what caches
    // keyed by hash must forget when the key changes.
    public async Task<IReadOnlyList<string>> HashesOfAsync(Guid keyId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await context.ApiKeys.Where(key => key.Id == keyId).Select(key => key.KeyHash).ToListAsync(cancellationToken);
        var retired = await context.RetiredApiKeyHashes.Where(hash => hash.ApiKeyId == keyId).Select(hash => hash.KeyHash).ToListAsync(cancellationToken);
        return [.. current, .. retired];
    }

    private static void Apply(ApiKeyEntity entity, ApiKeyUpdate update)
    {
        if (update.Name.HasValue)
        {
            entity.Name = update.Name.Value.Trim();
        }

        if (update.Description.HasValue)
        {
            entity.Description = update.Description.Value ?? "";
        }

        if (update.ChangesLimits)
        {
            entity.Apply(update.LimitsOver(new ApiKeyLimits
            {
                TokenLimit = entity.TokenLimit,
                ConcurrencyLimit = entity.ConcurrencyLimit,
                RateLimitWindowMinutes = entity.RateLimitWindowMinutes,
                RateLimitRequests = entity.RateLimitRequests,
                DailyCostLimit = entity.DailyCostLimit,
            }));
        }

        if (update.Permissions.HasValue)
        {
            entity.Permissions = update.Permissions.Value;
        }

        if (update.Restrictions.HasValue)
        {
            entity.Apply(update.Restrictions.Value);
        }

        if (update.Tags.HasValue)
        {
            entity.Tags = [.. update.Tags.Value];
        }

        if (update.AccountBindings.HasValue)
        {
            entity.Apply(update.AccountBindings.Value);
        }

        if (update.IsActive.HasValue)
        {
            entity.IsActive = update.IsActive.Value;
        }

        if (update.ExpiresAt.HasValue)
        {
            entity.ExpiresAt = update.ExpiresAt.Value;
        }
    }
}
