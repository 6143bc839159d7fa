using DataAccess.Accounts;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using MigrationService.Backfill.Writing;
using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Verification;

// Compares a page's rows, read from Redis just now, with PostgreSQL: entities column by column
// (secrets decrypted), usage end to end (UsageVerifier), hash-map entries by whether the hash
// still leads to its key (as its own hash or a retired one).
internal sealed class PageComparer(NpgsqlDataSource dataSource, BackfillTables tables)
{
    private readonly UsageVerifier _usage = new();

    public async Task<PageComparison> CompareAsync(PageRows expected, ComparisonTally tally, CancellationToken cancellationToken)
    {
        var comparison = new PageComparison();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CompareBucketsAsync(connection, expected.UsageBuckets, comparison, tally, cancellationToken);
        await CompareLifetimesAsync(connection, expected.UsageLifetimes, comparison, tally, cancellationToken);
        var (apiKeys, _) = await ApiKeyHashes.ResolveAsync(connection, expected.ApiKeys, new PageTally(), cancellationToken);
        await CompareAsync(connection, tables.ApiKeys, apiKeys, comparison.Stale.ApiKeys, comparison, tally, _ => LegacyFamily.ApiKey, cancellationToken);
        await CompareAsync(connection, tables.Accounts, expected.Accounts, comparison.Stale.Accounts, comparison, tally, row => AccountFamily(row.Platform), cancellationToken);
        await CompareAsync(connection, tables.Groups, expected.Groups, comparison.Stale.Groups, comparison, tally, _ => LegacyFamily.AccountGroup, cancellationToken);
        await CompareAsync(connection, tables.Users, expected.Users, comparison.Stale.Users, comparison, tally, _ => LegacyFamily.User, cancellationToken);
        await CompareAsync(
            connection, tables.Sessions, expected.Sessions, comparison.Stale.Sessions, comparison, tally,
            row => row.UserType == "admin" ? LegacyFamily.AdminSession : LegacyFamily.UserSession, cancellationToken);
        await CompareAsync(connection, tables.OAuthSessions, expected.OAuthSessions, comparison.Stale.OAuthSessions, comparison, tally, _ => LegacyFamily.OAuthSession, cancellationToken);
        await CompareAsync(connection, tables.StickySessions, expected.StickySessions, comparison.Stale.StickySessions, comparison, tally, _ => LegacyFamily.StickySession, cancellationToken);
        await CompareAsync(connection, tables.Settings, expected.Settings, comparison.Stale.Settings, comparison, tally, SettingFamily, cancellationToken);
        await CompareMembersAsync(connection, expected.GroupMembers, comparison, tally, cancellationToken);
        await CompareHashMapAsync(connection, expected.HashMapEntries, comparison, tally, cancellationToken);
        return comparison;
    }

    private async Task CompareBucketsAsync(
        NpgsqlConnection connection, List<UsageBucketRow> rows, PageComparison comparison, ComparisonTally tally, CancellationToken cancellationToken)
    {
        var found = await _usage.BucketsAsync(connection, rows, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var redis = Comparable(row.Kind.IsCost(), new UsageTotals(row.Measures, row.Cost));
            var postgres = Comparable(row.Kind.IsCost(), found[i]);
            var differences = MeasureComparison.Differences(row, redis, postgres).ToList();
            tally.Record(ComparisonTally.FamilyOf(row), differences.Count == 0, redis, postgres);
            if (differences.Count > 0)
            {
                comparison.Stale.UsageBuckets.Add(row);
                comparison.Differ(row.Source, string.Join("; ", differences));
            }
        }
    }

    private async Task CompareLifetimesAsync(
        NpgsqlConnection connection, List<UsageLifetimeRow> rows, PageComparison comparison, ComparisonTally tally, CancellationToken cancellationToken)
    {
        var found = await _usage.LifetimesAsync(connection, rows, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var redis = Comparable(row.Kind.IsCost(), new UsageTotals(row.Measures, row.Cost));
            var postgres = Comparable(row.Kind.IsCost(), found[i]);
            var differences = MeasureComparison.Differences(row, redis, postgres).ToList();
            tally.Record(ComparisonTally.FamilyOf(row), differences.Count == 0, redis, postgres);
            if (differences.Count > 0)
            {
                comparison.Stale.UsageLifetimes.Add(row);
                comparison.Differ(row.Source, string.Join("; ", differences));
            }
        }
    }

    private static async Task CompareAsync<TRow, TKey>(
        NpgsqlConnection connection,
        RowTable<TRow, TKey> table,
        List<TRow> rows,
        List<TRow> stale,
        PageComparison comparison,
        ComparisonTally tally,
        Func<TRow, LegacyFamily> familyOf,
        CancellationToken cancellationToken)
        where TRow : ISourcedRow
        where TKey : notnull
    {
        var stored = await table.FetchAsync(connection, rows, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            var differences = stored[i] is { } values ? table.Differences(rows[i], values).ToList() : null;
            var equal = differences is { Count: 0 };
            tally.Record(familyOf(rows[i]), equal);
            if (!equal)
            {
                stale.Add(rows[i]);
                comparison.Differ(
                    rows[i].Source,
                    differences is null ? $"missing from {table.Name}" : $"{table.Name} differs in {string.Join(", ", differences)}");
            }
        }
    }

    private static async Task CompareMembersAsync(
        NpgsqlConnection connection, List<GroupMembersRow> groups, PageComparison comparison, ComparisonTally tally, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var stored = new Dictionary<Guid, Guid[]>();
        await using (var command = new NpgsqlCommand(
            "SELECT group_id, array_agg(account_id ORDER BY account_id) FROM account_group_members WHERE group_id = ANY(@groups) GROUP BY group_id", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("groups", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. groups.Select(group => group.GroupId)] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetGuid(0)] = reader.GetFieldValue<Guid[]>(1);
            }
        }

        foreach (var group in groups)
        {
            var equal = stored.GetValueOrDefault(group.GroupId, []).Order().SequenceEqual(group.AccountIds.Order());
            tally.Record(LegacyFamily.AccountGroupMembers, equal);
            if (!equal)
            {
                comparison.Stale.GroupMembers.Add(group);
                comparison.Differ(group.Source, "account_group_members holds other members");
            }
        }
    }

    // An entry is honoured when its hash is its key's own or retired for that key. Entries
    // whose key is missing, or whose hash another key owns, are problems, reported elsewhere.
    private static async Task CompareHashMapAsync(
        NpgsqlConnection connection, List<HashMapEntryRow> entries, PageComparison comparison, ComparisonTally tally, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var unhonoured = new HashSet<int>();
        await using (var command = new NpgsqlCommand("""
            SELECT q.position FROM unnest(@hashes, @ids, @positions) AS q(key_hash, api_key_id, position)
            WHERE EXISTS (SELECT 1 FROM api_keys k WHERE k.id::text = q.api_key_id)
              AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.key_hash = q.key_hash)
              AND NOT EXISTS (SELECT 1 FROM retired_api_key_hashes r WHERE r.key_hash = q.key_hash AND r.api_key_id::text = q.api_key_id)
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. entries.Select(entry => entry.KeyHash)] });
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. entries.Select(entry => entry.ApiKeyId)] });
            command.Parameters.Add(new NpgsqlParameter<int[]>("positions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. Enumerable.Range(0, entries.Count)] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                unhonoured.Add(reader.GetInt32(0));
            }
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var family = entry.Source.StartsWith("apikey_hash:", StringComparison.Ordinal) ? LegacyFamily.ApiKeyHashAlias : LegacyFamily.ApiKeyHashMap;
            tally.Record(family, !unhonoured.Contains(i));
            if (unhonoured.Contains(i))
            {
                comparison.Stale.HashMapEntries.Add(entry);
                comparison.Differ(entry.Source, $"the entry for {entry.KeyHash[..Math.Min(12, entry.KeyHash.Length)]}… leads to API key {entry.ApiKeyId} neither as its hash nor as a retired one");
            }
        }
    }

    // Only what a key holds is compared: cost keys have no counters, usage hashes no cost.
    private static UsageTotals Comparable(bool costKey, UsageTotals totals) =>
        costKey ? new UsageTotals(default, totals.Cost) : totals with { Cost = 0 };

    private static LegacyFamily AccountFamily(string platform) => platform switch
    {
        AccountPlatform.Claude => LegacyFamily.ClaudeAccount,
        AccountPlatform.OpenAi => LegacyFamily.OpenAiAccount,
        AccountPlatform.ClaudeConsole => LegacyFamily.ClaudeConsoleAccount,
        AccountPlatform.Gemini => LegacyFamily.GeminiAccount,
        _ => LegacyFamily.BedrockAccount,
    };

    private static LegacyFamily SettingFamily(SettingRow row) => row.Key switch
    {
        Mapping.SettingRowMapper.Scheduling => LegacyFamily.SchedulingConfig,
        Mapping.SettingRowMapper.Oem => LegacyFamily.OemSettings,
        _ => LegacyFamily.AdminCredentials,
    };
}
