using MigrationService.Backfill.Reporting;
using Npgsql;
using StackExchange.Redis;

namespace MigrationService.Backfill.Residuals;

// What can only be decided once every page is in: which hash-map entries are retired hashes
// and which point nowhere, usage of keys and accounts that do not exist, group references,
// and the shared-account sets against the accounts' own types.
internal sealed class ConsistencyChecks(NpgsqlDataSource dataSource, IDatabase redis, long runId, int examples)
{
    public const string RetiredReason = "legacy apikey:hash_map entry from before a regeneration";

    private static readonly (string Set, string Platform)[] s_sharedSets =
    [
        ("shared_openai_accounts", "openai"), ("shared_claude_console_accounts", "claude-console"), ("shared_gemini_accounts", "gemini"),
    ];

    // Entries and quarantined keys this run did not see any more are gone from Redis.
    public async Task ForgetUnseenAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("DELETE FROM legacy_api_key_hash_map WHERE run_id <> $1", cancellationToken, runId);
        await ExecuteAsync("DELETE FROM legacy_quarantine WHERE run_id <> $1", cancellationToken, runId);
    }

    // Hash-map entries whose hash is not their key's own come from regenerations and still
    // authenticate on the legacy relay (§5.1); here they are refused (§15.3). Their time is the
    // key's last update, which is when it was regenerated, so every run writes the same row.
    public Task RetireOldHashesAsync(CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO retired_api_key_hashes (key_hash, api_key_id, retired_at, reason)
            SELECT m.key_hash, k.id, coalesce(k.updated_at, k.created_at), $1
            FROM legacy_api_key_hash_map m JOIN api_keys k ON k.id::text = m.api_key_id
            WHERE m.key_hash <> k.key_hash AND NOT EXISTS (SELECT 1 FROM api_keys other WHERE other.key_hash = m.key_hash)
            ON CONFLICT (key_hash) DO NOTHING
            """, cancellationToken, RetiredReason);

    public async Task<long> CountRetiredAsync(CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM retired_api_key_hashes WHERE reason = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = RetiredReason });
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task CheckAsync(ProblemLog problems, CancellationToken cancellationToken)
    {
        await FindAsync(problems, ProblemKind.DanglingHashMapEntry, """
            SELECT format('apikey:hash_map: %s… names API key %s, which does not exist', left(key_hash, 12), api_key_id)
            FROM legacy_api_key_hash_map m WHERE NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id::text = m.api_key_id)
            ORDER BY key_hash
            """, cancellationToken);
        await FindAsync(problems, ProblemKind.OrphanUsage, """
            SELECT format('usage of API key %s, which does not exist; imported anyway', owner_id)
            FROM (SELECT owner_id FROM legacy_usage_lifetime WHERE kind IN ('key', 'key_cost')
                  UNION SELECT owner_id FROM legacy_usage_buckets WHERE kind IN ('key', 'key_model', 'key_cost', 'key_model_cost')) usage
            WHERE NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id = usage.owner_id)
            ORDER BY owner_id
            """, cancellationToken);
        await FindAsync(problems, ProblemKind.OrphanUsage, """
            SELECT format('usage of account %s, which no account family holds; imported anyway', owner_id)
            FROM (SELECT owner_id FROM legacy_usage_lifetime WHERE kind IN ('account', 'account_cost')
                  UNION SELECT owner_id FROM legacy_usage_buckets WHERE kind IN ('account', 'account_model', 'account_cost', 'account_model_cost')) usage
            WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = usage.owner_id)
            ORDER BY owner_id
            """, cancellationToken);
        await FindAsync(problems, ProblemKind.DanglingGroupReference, """
            SELECT format('account_group_members:%s: account %s does not exist', group_id, account_id)
            FROM account_group_members m WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.account_id)
            ORDER BY group_id, account_id
            """, cancellationToken);
        await CheckGroupIndexAsync(problems, cancellationToken);
        foreach (var (set, platform) in s_sharedSets)
        {
            await CheckSharedSetAsync(problems, set, platform, cancellationToken);
        }
    }

    // account_groups lists the group ids the legacy relay shows.
    private async Task CheckGroupIndexAsync(ProblemLog problems, CancellationToken cancellationToken)
    {
        var listed = (await MembersAsync("account_groups", cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var stored = await IdsAsync("SELECT id::text FROM account_groups", null, cancellationToken);
        var dangling = listed.Except(stored).Order(StringComparer.Ordinal).Select(id => $"account_groups lists group {id}, which does not exist").ToList();
        var unlisted = stored.Except(listed).Order(StringComparer.Ordinal).Select(id => $"account_group:{id} is not listed in account_groups").ToList();
        problems.AddMany(ProblemKind.DanglingGroupReference, dangling.Count + unlisted.Count, [.. dangling, .. unlisted]);
    }

    // Each set holds exactly the family's accounts whose account type is shared (§5.7).
    private async Task CheckSharedSetAsync(ProblemLog problems, string set, string platform, CancellationToken cancellationToken)
    {
        var members = (await MembersAsync(set, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var shared = await IdsAsync("SELECT id::text FROM accounts WHERE platform = $1 AND account_type = 'shared'", platform, cancellationToken);
        var mismatches = members.Except(shared).Order(StringComparer.Ordinal).Select(id => $"{set} holds {id}, which is no shared {platform} account")
            .Concat(shared.Except(members).Order(StringComparer.Ordinal).Select(id => $"shared {platform} account {id} is missing from {set}"))
            .ToList();
        problems.AddMany(ProblemKind.SharedSetMismatch, mismatches.Count, mismatches);
    }

    private async Task<string[]> MembersAsync(string set, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await redis.SetMembersAsync(set).WaitAsync(cancellationToken)).Select(member => (string)member!)];
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            return [];
        }
    }

    private async Task<HashSet<string>> IdsAsync(string sql, string? parameter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    // Runs a query of problem descriptions: all of them are counted, the first few kept.
    private async Task FindAsync(ProblemLog problems, ProblemKind kind, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) OVER (), description FROM ({sql}) found(description) LIMIT $1");
        command.Parameters.Add(new NpgsqlParameter { Value = examples });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long count = 0;
        var found = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            count = reader.GetInt64(0);
            found.Add(reader.GetString(1));
        }

        problems.AddMany(kind, count, found);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
