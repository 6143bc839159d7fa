using System.Text.Json;
using DataAccess.Accounts;
using DataAccess.Accounts.OAuth;
using DataAccess.Postgres.Entities;
using DataAccess.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataAccess.Postgres;

// Upstream accounts of every platform in PostgreSQL; the Claude and OpenAI stores are views
// of it for one platform. Secrets are one AES-GCM document per account, bound to its id.
internal sealed class PostgresAccounts(
    IDbContextFactory<RelayDbContext> contexts,
    NpgsqlDataSource dataSource,
    OperationRunner runner,
    AccountSecretProtector protector,
    OAuthTokenClient oauth,
    AccessTokenRenewal renewal,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public Task<DataResult<CreatedAccount>> CreateAsync(string platform, CreateAccountRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            AccountRules.ValidateCreate(request, now);
            var id = request.Id ?? Guid.CreateVersion7(now);
            var entity = new AccountEntity
            {
                Id = id,
                Platform = platform,
                Name = request.Name.Trim(),
                Description = request.Description ?? "",
                Status = AccountStatus.Active,
                AccountType = request.AccountType ?? "shared",
                Priority = request.Priority ?? 50,
                Schedulable = request.Schedulable ?? true,
                Proxy = request.ProxyConfig is { } proxy
                    ? JsonSerializer.Serialize(new ProxySummary(proxy.Type, proxy.Host, proxy.Port, proxy.Username, proxy.Password is not null), s_json)
                    : null,
                Secrets = Protect(id, new AccountSecrets
                {
                    AccessToken = request.OAuthData.AccessToken,
                    RefreshToken = request.OAuthData.RefreshToken,
                    IdToken = request.OAuthData.IdToken,
                    ProxyPassword = request.ProxyConfig?.Password,
                }),
                Scopes = [.. request.OAuthData.Scopes],
                TokenExpiresAt = request.OAuthData.ExpiresAt,
                CreatedAt = now,
            };
            await using var context = await contexts.CreateDbContextAsync(token);
            context.Accounts.Add(entity);
            await context.SaveChangesAsync(token);
            return new CreatedAccount(entity.Id, entity.Name, entity.Status, entity.CreatedAt);
        }, cancellationToken);

    public Task<DataResult<Account>> GetAsync(string platform, Guid accountId, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await context.Accounts.AsNoTracking().SingleOrDefaultAsync(account => account.Id == accountId && account.Platform == platform, token)
                ?? throw DatabaseError.NotFound("Account", accountId);
            var usage = await UsageTotalsAsync([accountId], token);
            var groups = await GroupsOfAsync([accountId], token);
            return ToModel(entity, usage.GetValueOrDefault(accountId, NoUsage), groups.GetValueOrDefault(accountId, []));
        }, cancellationToken);

    public Task<DataResult> UpdateStatusAsync(string platform, Guid accountId, string status, AccountStatusUpdate? metadata, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            AccountRules.ValidateStatus(status, metadata, now);
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await context.Accounts.SingleOrDefaultAsync(account => account.Id == accountId && account.Platform == platform, token)
                ?? throw DatabaseError.NotFound("Account", accountId);
            entity.Status = status;

            // As the relay's fields have it: active switches an account on, inactive off.
            entity.IsActive = status switch
            {
                AccountStatus.Active => true,
                AccountStatus.Inactive => false,
                _ => entity.IsActive,
            };
            switch (status)
            {
                case AccountStatus.RateLimited:
                    entity.RateLimitedAt = now;
                    entity.RateLimitResetAt = metadata?.RateLimitResetAt ?? now.AddHours(1);
                    break;
                case AccountStatus.Active:
                    entity.RateLimitedAt = null;
                    entity.RateLimitResetAt = null;
                    entity.ErrorMessage = null;
                    break;
            }

            if (metadata?.ErrorMessage is { } message)
            {
                entity.ErrorMessage = message;
            }

            if (metadata?.LastRequestAt is { } lastRequest)
            {
                entity.LastUsedAt = lastRequest;
            }

            if (metadata?.RateLimitRemaining is { } remaining)
            {
                entity.RateLimitRemaining = remaining;
            }

            entity.UpdatedAt = now;
            await context.SaveChangesAsync(token);
        }, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAsync(string platform, AvailableAccountQuery query, CancellationToken cancellationToken) =>
        runner.RunAsync<IReadOnlyList<Account>>(async token =>
        {
            AccountRules.Validate(query);
            var now = time.GetUtcNow();
            await using var context = await contexts.CreateDbContextAsync(token);
            var accounts = context.Accounts.AsNoTracking().Where(account => account.Platform == platform);
            if (query.AnyState == true)
            {
                return await AllAsync(accounts, token);
            }

            accounts = accounts.Where(account => account.IsActive && account.Schedulable);
            accounts = query.Status is { } status
                ? accounts.Where(account => account.Status == status)
                : accounts.Where(account => account.Status == AccountStatus.Active || account.Status == AccountStatus.RateLimited);
            if (query.MinTokensRemaining is { } minimum)
            {
                accounts = accounts.Where(account => account.RateLimitRemaining == null || account.RateLimitRemaining >= minimum);
            }

            var candidates = await accounts
                .OrderBy(account => account.Priority)
                .ThenBy(account => account.LastUsedAt.HasValue)
                .ThenBy(account => account.LastUsedAt)
                .ToListAsync(token);
            var excludeLimited = query.RateLimitAvailable ?? query.Status is null;
            var available = candidates
                .Where(account => !excludeLimited || !AccountRules.IsRateLimited(account.Status, account.RateLimitedAt, account.RateLimitResetAt, now))
                .ToList();
            Guid[] ids = [.. available.Select(account => account.Id)];
            var usage = await UsageTotalsAsync(ids, token);
            var groups = await GroupsOfAsync(ids, token);
            return [.. available.Select(account => ToModel(account, usage.GetValueOrDefault(account.Id, NoUsage), groups.GetValueOrDefault(account.Id, [])))];
        }, cancellationToken);

    private async Task<IReadOnlyList<Account>> AllAsync(IQueryable<AccountEntity> accounts, CancellationToken cancellationToken)
    {
        var all = await accounts.OrderBy(account => account.Priority).ToListAsync(cancellationToken);
        Guid[] ids = [.. all.Select(account => account.Id)];
        var usage = await UsageTotalsAsync(ids, cancellationToken);
        var groups = await GroupsOfAsync(ids, cancellationToken);
        return [.. all.Select(account => ToModel(account, usage.GetValueOrDefault(account.Id, NoUsage), groups.GetValueOrDefault(account.Id, [])))];
    }

    // One refresh at a time per account, across processes: the row stays locked while the
    // token endpoint is called, and a caller that waited finds the token already fresh.
    public Task<DataResult<RefreshedToken>> RefreshAsync(string platform, Guid accountId, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            // PostgreSQL keeps microseconds; compared at that precision, a refresh finished
            // while this caller waited for the lock is always seen as newer.
            var requestedAt = TruncateToMicroseconds(time.GetUtcNow());
            await using var context = await contexts.CreateDbContextAsync(token);
            await using var transaction = await context.Database.BeginTransactionAsync(token);
            var entity = await context.Accounts
                .FromSql($"SELECT * FROM accounts WHERE id = {accountId} AND platform = {platform} FOR UPDATE")
                .SingleOrDefaultAsync(token) ?? throw DatabaseError.NotFound("Account", accountId);
            var secrets = Unprotect(entity);
            if (entity.LastRefreshAt >= requestedAt && secrets.AccessToken is { } fresh)
            {
                await transaction.CommitAsync(token);
                return new RefreshedToken(fresh, entity.TokenExpiresAt ?? requestedAt, entity.LastRefreshAt.Value);
            }

            if (string.IsNullOrEmpty(secrets.RefreshToken))
            {
                throw DatabaseError.Invalid("refreshToken", "the account has no refresh token; it needs a new login.");
            }

            var now = time.GetUtcNow();
            OAuthTokens tokens;
            try
            {
                tokens = await oauth.RefreshAsync(secrets.RefreshToken, token);
            }
            catch (OAuthRefreshRejectedException rejected)
            {
                entity.Status = AccountStatus.Error;
                entity.ErrorMessage = rejected.Message;
                entity.UpdatedAt = now;
                await context.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                throw new DatabaseError(DatabaseErrorCode.ConstraintViolation, rejected.Message);
            }

            entity.Secrets = Protect(entity.Id, secrets with { AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken });
            entity.TokenExpiresAt = tokens.ExpiresAt;
            entity.LastRefreshAt = now;
            entity.Scopes = tokens.Scopes is { } scopes ? [.. scopes] : entity.Scopes;
            entity.Status = AccountStatus.Active;
            entity.ErrorMessage = null;
            entity.UpdatedAt = now;
            await context.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return new RefreshedToken(tokens.AccessToken, tokens.ExpiresAt, now);
        }, cancellationToken);

    public async Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(string platform, Guid accountId, bool canRefresh, CancellationToken cancellationToken)
    {
        var current = await runner.RunAsync(async token =>
        {
            await using var context = await contexts.CreateDbContextAsync(token);
            var entity = await context.Accounts.AsNoTracking().SingleOrDefaultAsync(account => account.Id == accountId && account.Platform == platform, token)
                ?? throw DatabaseError.NotFound("Account", accountId);
            var secrets = Unprotect(entity);
            var proxy = entity.Proxy is null ? null : JsonSerializer.Deserialize<ProxySummary>(entity.Proxy, s_json);
            var upstream = new AccountAccessToken(secrets.AccessToken ?? "", entity.TokenExpiresAt)
            {
                Proxy = proxy is null ? null : new ProxyConfig { Type = proxy.Type, Host = proxy.Host, Port = proxy.Port, Username = proxy.Username, Password = secrets.ProxyPassword },
            };
            return (Token: upstream, CanRefresh: !string.IsNullOrEmpty(secrets.RefreshToken));
        }, cancellationToken);
        if (!current.Success)
        {
            return DataResult<AccountAccessToken>.Fail(new DatabaseError(current.Code!, current.Error!, current.Field));
        }

        var (accessToken, refreshable) = current.Data;
        return canRefresh && refreshable && renewal.IsDue(accessToken)
            ? renewal.Outcome(accountId, accessToken, await RefreshAsync(platform, accountId, cancellationToken))
            : DataResult<AccountAccessToken>.Ok(accessToken);
    }

    private static readonly (AccountUsageStats Stats, DateTimeOffset? LastUsedAt) NoUsage = (new AccountUsageStats(0, 0, 0), null);

    // The usage totals of the accounts and when each last served a request: the usage writer
    // keeps last_used_at in the totals, batched with the usage, so the account row is not
    // rewritten per request.
    private async Task<Dictionary<Guid, (AccountUsageStats Stats, DateTimeOffset? LastUsedAt)>> UsageTotalsAsync(Guid[] accountIds, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<Guid, (AccountUsageStats, DateTimeOffset?)>();
        if (accountIds.Length == 0)
        {
            return totals;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT account_id, requests, total_tokens, cost, last_used_at
            FROM usage_totals_account_all WHERE account_id = ANY($1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = accountIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            totals[reader.GetGuid(0)] = (
                new AccountUsageStats(reader.GetInt64(1), reader.GetInt64(2), reader.GetDecimal(3)),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
        }

        return totals;
    }

    // The account groups (layout §5.9, backfilled) the accounts are members of.
    private async Task<Dictionary<Guid, IReadOnlyList<Guid>>> GroupsOfAsync(Guid[] accountIds, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<Guid, List<Guid>>();
        if (accountIds.Length == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand("SELECT account_id, group_id FROM account_group_members WHERE account_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = accountIds });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var accountId = reader.GetGuid(0);
            (groups.TryGetValue(accountId, out var list) ? list : groups[accountId] = []).Add(reader.GetGuid(1));
        }

        return groups.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Guid>)[.. pair.Value.Order()]);
    }

    private Account ToModel(AccountEntity entity, (AccountUsageStats Stats, DateTimeOffset? LastUsedAt) usage, IReadOnlyList<Guid> groups)
    {
        var now = time.GetUtcNow();
        var limited = AccountRules.IsRateLimited(entity.Status, entity.RateLimitedAt, entity.RateLimitResetAt, now);
        return new Account
        {
            Id = entity.Id,
            Platform = entity.Platform,
            Name = entity.Name,
            Description = entity.Description,
            Status = AccountRules.StatusShown(entity.Status, entity.IsActive),
            AccountType = entity.AccountType,
            Priority = entity.Priority,
            Schedulable = entity.Schedulable,
            IsActive = entity.IsActive,
            TokenExpiresAt = entity.TokenExpiresAt,
            LastUsedAt = usage.LastUsedAt is { } served && !(entity.LastUsedAt >= served) ? served : entity.LastUsedAt,
            LastRefreshAt = entity.LastRefreshAt,
            ErrorMessage = entity.ErrorMessage,
            Scopes = entity.Scopes,
            Proxy = entity.Proxy is null ? null : JsonSerializer.Deserialize<ProxySummary>(entity.Proxy, s_json),
            GroupIds = groups,
            Subscription = AccountSubscription.Parse(entity.SubscriptionInfo),
            RateLimitStatus = new AccountRateLimitStatus(limited, entity.RateLimitRemaining, limited ? entity.RateLimitResetAt ?? entity.RateLimitedAt?.AddHours(1) : null),
            UsageStats = usage.Stats,
            CreatedAt = entity.CreatedAt,
            UpdatedAt = entity.UpdatedAt,
        };
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    private byte[] Protect(Guid accountId, AccountSecrets secrets) =>
        protector.Protect(JsonSerializer.Serialize(secrets, s_json), accountId.ToString());

    private AccountSecrets Unprotect(AccountEntity entity) =>
        entity.Secrets is null
            ? new AccountSecrets()
            : JsonSerializer.Deserialize<AccountSecrets>(protector.Unprotect(entity.Secrets, entity.Id.ToString()), s_json) ?? new AccountSecrets();
}
