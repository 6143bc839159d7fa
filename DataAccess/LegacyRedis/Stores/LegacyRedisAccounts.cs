using DataAccess.Accounts;
using DataAccess.Accounts.OAuth;
using DataAccess.LegacyRedis.Adapter;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Layout;
using DataAccess.LegacyRedis.Mapping;
using DataAccess.Redis;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Stores;

// Claude OAuth and OpenAI accounts as the relay's account hashes. Secrets are encrypted the
// relay's way (readable by it; the proxy password stays inside the proxy JSON, where the
// relay reads it). Status changes are written in the relay's terms, so its scheduler
// agrees: a rate limit is rateLimitStatus/rateLimitedAt/rateLimitEndAt, "inactive" is
// isActive = false; reads derive our status from them.
internal sealed class LegacyRedisAccounts(
    LegacyRedisAdapter adapter,
    LegacyAccountFields fields,
    OperationRunner runner,
    OAuthTokenClient oauth,
    AccessTokenRenewal renewal,
    TimeProvider time)
{
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LockWaitLimit = LegacyTtls.TokenRefreshLock + TimeSpan.FromSeconds(5);

    public Task<DataResult<CreatedAccount>> CreateAsync(LegacyAccountFamily family, CreateAccountRequest request, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var now = Milliseconds(time.GetUtcNow());
            AccountRules.ValidateCreate(request, now);
            var id = request.Id ?? Guid.NewGuid();
            var named = request with { Name = request.Name.Trim() };
            var shared = (named.AccountType ?? "shared") == "shared" ? family.SharedSet : null;
            if (!await adapter.TryCreateAccountAsync(family.Key(id.ToString()), family.Write(fields, id, named, now), shared, shared is null ? null : id.ToString(), token))
            {
                throw new DatabaseError(DatabaseErrorCode.DuplicateKey, $"An account with id '{id}' exists already.");
            }

            return new CreatedAccount(id, named.Name, AccountStatus.Active, now);
        }, cancellationToken);

    public Task<DataResult<Account>> GetAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var record = await ReadAsync(family, accountId, token);
            var groups = await GroupsOfAsync(token);
            return LegacyAccountModel.ToAccount(record, (await UsageOfAsync([accountId], token))[0], time.GetUtcNow()) with
            {
                GroupIds = groups.GetValueOrDefault(accountId, []),
            };
        }, cancellationToken);

    public Task<DataResult> UpdateStatusAsync(LegacyAccountFamily family, Guid accountId, string status, AccountStatusUpdate? metadata, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            AccountRules.ValidateStatus(status, metadata, now);
            var (removals, changes) = LegacyAccountStatus.Changes(status, metadata, now);
            if (!await adapter.TryUpdateExistingHashAsync(family.Key(accountId.ToString()), removals, changes, token))
            {
                throw DatabaseError.NotFound("Account", accountId);
            }
        }, cancellationToken);

    public Task<DataResult<IReadOnlyList<Account>>> GetAvailableAsync(LegacyAccountFamily family, AvailableAccountQuery query, CancellationToken cancellationToken) =>
        runner.RunAsync<IReadOnlyList<Account>>(async token =>
        {
            AccountRules.Validate(query);
            var now = time.GetUtcNow();
            var entries = family.Platform == AccountPlatform.Claude
                ? await adapter.GetAllClaudeAccountsAsync(token)
                : await adapter.GetAllOpenAiAccountsAsync(token);
            var records = entries
                .Where(entry => Guid.TryParse(entry.Id, out _))
                .Select(entry => family.Read(fields, Guid.Parse(entry.Id), entry.Fields))
                .Where(record => LegacyAccountModel.IsAvailable(record, query, now))
                .OrderBy(record => record.Priority)
                .ThenBy(record => record.LastUsedAt.HasValue)
                .ThenBy(record => record.LastUsedAt)
                .ToList();
            var usage = await UsageOfAsync([.. records.Select(record => record.Id)], token);
            var groups = await GroupsOfAsync(token);
            return [.. records.Select((record, index) => LegacyAccountModel.ToAccount(record, usage[index], now) with
            {
                GroupIds = groups.GetValueOrDefault(record.Id, []),
            })];
        }, cancellationToken);

    // One refresh at a time per account, shared with the relay through its refresh lock: a
    // caller that finds the lock held waits for it, then finds the token already fresh.
    public Task<DataResult<RefreshedToken>> RefreshAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var requestedAt = Milliseconds(time.GetUtcNow());
            var key = family.Key(accountId.ToString());
            var waitUntil = DateTimeOffset.UtcNow + LockWaitLimit;
            while (true)
            {
                var record = await ReadAsync(family, accountId, token);
                if (record.LastRefreshAt >= requestedAt && record.Secrets.AccessToken is { } fresh)
                {
                    return new RefreshedToken(fresh, record.TokenExpiresAt ?? requestedAt, record.LastRefreshAt.Value);
                }

                if (await adapter.TryLockTokenRefreshAsync(family.Platform, accountId.ToString(), token) is { } holder)
                {
                    try
                    {
                        return await RefreshLockedAsync(family, accountId, key, requestedAt, token);
                    }
                    finally
                    {
                        await adapter.UnlockTokenRefreshAsync(family.Platform, accountId.ToString(), holder, CancellationToken.None);
                    }
                }

                while (await adapter.IsTokenRefreshLockedAsync(family.Platform, accountId.ToString(), token))
                {
                    if (DateTimeOffset.UtcNow > waitUntil)
                    {
                        throw new DatabaseError(DatabaseErrorCode.QueryTimeout, "Another refresh of this account did not finish in time.");
                    }

                    await Task.Delay(LockPollInterval, token);
                }
            }
        }, cancellationToken);

    public async Task<DataResult<AccountAccessToken>> GetAccessTokenAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken)
    {
        var current = await PeekAccessTokenAsync(family, accountId, cancellationToken);
        if (!current.Success)
        {
            return Failed<AccountAccessToken, (AccountAccessToken, bool)>(current);
        }

        var (stored, refreshable) = current.Data;
        return family.CanRefresh && refreshable && renewal.IsDue(stored)
            ? renewal.Outcome(accountId, stored, await RefreshAsync(family, accountId, cancellationToken))
            : DataResult<AccountAccessToken>.Ok(stored);
    }

    // The stored token without refreshing it, and whether it could be refreshed.
    public Task<DataResult<(AccountAccessToken Token, bool Refreshable)>> PeekAccessTokenAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            var record = await ReadAsync(family, accountId, token);
            return (new AccountAccessToken(record.Secrets.AccessToken ?? "", record.TokenExpiresAt) { Proxy = record.Proxy }, !string.IsNullOrEmpty(record.Secrets.RefreshToken));
        }, cancellationToken);

    // Everything the account keeps, secrets decrypted: what a mirror of it needs.
    public Task<DataResult<LegacyAccountRecord>> ReadRecordAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken) =>
        runner.RunAsync(token => ReadAsync(family, accountId, token), cancellationToken);

    private async Task<RefreshedToken> RefreshLockedAsync(LegacyAccountFamily family, Guid accountId, string key, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        var stored = await adapter.Hashes.ReadAsync(key, cancellationToken);
        var record = stored.Count > 0 ? family.Read(fields, accountId, stored) : throw DatabaseError.NotFound("Account", accountId);
        if (record.LastRefreshAt >= requestedAt && record.Secrets.AccessToken is { } fresh)
        {
            return new RefreshedToken(fresh, record.TokenExpiresAt ?? requestedAt, record.LastRefreshAt.Value);
        }

        if (string.IsNullOrEmpty(record.Secrets.RefreshToken))
        {
            throw DatabaseError.Invalid("refreshToken", "the account has no refresh token; it needs a new login.");
        }

        OAuthTokens tokens;
        try
        {
            tokens = await oauth.RefreshAsync(record.Secrets.RefreshToken, cancellationToken);
        }
        catch (OAuthRefreshRejectedException rejected)
        {
            var failed = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["status"] = AccountStatus.Error,
                ["errorMessage"] = rejected.Message,
                ["updatedAt"] = JsValues.Iso(time.GetUtcNow()),
            };
            await adapter.TryUpdateExistingHashAsync(key, [], failed, cancellationToken);
            throw new DatabaseError(DatabaseErrorCode.ConstraintViolation, rejected.Message);
        }

        var now = Milliseconds(time.GetUtcNow());
        if (!await adapter.TryUpdateExistingHashAsync(key, [], fields.WriteClaudeRefresh(stored, tokens, now), cancellationToken))
        {
            throw DatabaseError.NotFound("Account", accountId);
        }

        return new RefreshedToken(tokens.AccessToken, tokens.ExpiresAt, now);
    }

    private async Task<LegacyAccountRecord> ReadAsync(LegacyAccountFamily family, Guid accountId, CancellationToken cancellationToken)
    {
        var stored = await adapter.Hashes.ReadAsync(family.Key(accountId.ToString()), cancellationToken);
        return stored.Count > 0 ? family.Read(fields, accountId, stored) : throw DatabaseError.NotFound("Account", accountId);
    }

    // The groups of every account (layout §5.9): the members of account_group_members:{id},
    // read by group id as the relay reads a key's group (and as the backfill copies them).
    private async Task<Dictionary<Guid, IReadOnlyList<Guid>>> GroupsOfAsync(CancellationToken cancellationToken)
    {
        var prefix = LegacyKeys.AccountGroupMembers("");
        var groups = new Dictionary<Guid, List<Guid>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in adapter.Redis.KeysAsync(prefix + "*", type: "set", cancellationToken: cancellationToken))
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            if (!Guid.TryParse(key.AsSpan(prefix.Length), out var groupId))
            {
                continue;
            }

            foreach (var member in await adapter.Redis.SetMembersAsync(key))
            {
                if (Guid.TryParseExact((string?)member, "D", out var accountId))
                {
                    (groups.TryGetValue(accountId, out var list) ? list : groups[accountId] = []).Add(groupId);
                }
            }
        }

        return groups.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Guid>)[.. pair.Value.Distinct().Order()]);
    }

    // account_usage:{id} and our account cost total, per account in order.
    private async Task<IReadOnlyList<AccountUsageStats>> UsageOfAsync(IReadOnlyList<Guid> accountIds, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return [];
        }

        var ids = accountIds.Select(id => id.ToString()).ToList();
        var totals = await adapter.Hashes.ReadManyAsync([.. ids.Select(LegacyKeys.AccountTotals)], cancellationToken);
        var costs = await adapter.Redis.StringGetAsync([.. ids.Select(id => (RedisKey)Crs2Keys.AccountCostTotal(id))]);
        return [.. ids.Select((_, index) =>
        {
            var counts = LegacyUsageFields.ReadAccountUsage(totals[index] ?? new Dictionary<string, string>());
            return new AccountUsageStats(counts.Requests, counts.AllTokens, JsValues.ParseFloat((string?)costs[index]));
        })];
    }

    private static DataResult<T> Failed<T, TFailed>(DataResult<TFailed> failure) =>
        DataResult<T>.Fail(new DatabaseError(failure.Code!, failure.Error!, failure.Field));

    private static DateTimeOffset Milliseconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());
}
