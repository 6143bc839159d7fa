using System.Text.Json.Nodes;
using DataAccess.Security;
using MigrationService.Backfill.Rows;
using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Writing;

// Writes a page's rows in one transaction, together with the run's checkpoint when there is
// one, so a page and the scan position after it are committed together or not at all. The
// checkpoint is made last, after the checks that may still add problems to the page.
// Commits do not wait for the WAL flush: a crash may lose the last few pages, but then it
// loses their checkpoints too, and a continued run reads those pages again.
internal sealed class PageWriter(NpgsqlDataSource dataSource, BackfillTables tables, AccountSecretProtector protector)
{
    public async Task WriteAsync(PageRows rows, Func<NpgsqlBatchCommand>? checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        Add(batch, tables.UsageBuckets, rows.UsageBuckets);
        Add(batch, tables.UsageLifetimes, rows.UsageLifetimes);
        var (apiKeys, demoted) = await ApiKeyHashes.ResolveAsync(connection, rows.ApiKeys, rows.Tally, cancellationToken);
        if (demoted.Length > 0)
        {
            batch.BatchCommands.Add(ApiKeyHashes.Demote(demoted));
        }

        Add(batch, tables.ApiKeys, apiKeys);
        Add(batch, tables.Accounts, await WithEncryptedSecretsAsync(connection, rows.Accounts, cancellationToken));
        Add(batch, tables.Groups, rows.Groups);
        AddMembers(batch, rows.GroupMembers);
        Add(batch, tables.Users, rows.Users);
        Add(batch, tables.Sessions, rows.Sessions);
        Add(batch, tables.OAuthSessions, rows.OAuthSessions);
        Add(batch, tables.StickySessions, rows.StickySessions);
        Add(batch, tables.Settings, rows.Settings);
        Add(batch, tables.HashMapEntries, rows.HashMapEntries);
        Add(batch, tables.Quarantine, rows.Quarantine);
        if (checkpoint is not null)
        {
            batch.BatchCommands.Add(checkpoint());
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Add<TRow, TKey>(NpgsqlBatch batch, RowTable<TRow, TKey> table, IReadOnlyList<TRow> rows)
        where TKey : notnull
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(table.Upsert(rows));
        }
    }

    // A group's members in Redis replace its rows: members removed since an earlier run go.
    private static void AddMembers(NpgsqlBatch batch, IReadOnlyList<GroupMembersRow> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var groupIds = groups.Select(group => group.GroupId).Distinct().ToArray();
        var memberGroups = groups.SelectMany(group => group.AccountIds.Select(_ => group.GroupId)).ToArray();
        var memberAccounts = groups.SelectMany(group => group.AccountIds).ToArray();
        var delete = new NpgsqlBatchCommand("""
            DELETE FROM account_group_members m
            WHERE m.group_id = ANY(@groups)
              AND NOT EXISTS (SELECT 1 FROM unnest(@member_groups, @member_accounts) AS n(group_id, account_id)
                              WHERE n.group_id = m.group_id AND n.account_id = m.account_id)
            """);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO account_group_members (group_id, account_id)
            SELECT DISTINCT * FROM unnest(@member_groups, @member_accounts) ON CONFLICT DO NOTHING
            """);
        foreach (var command in new[] { delete, insert })
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("groups", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = groupIds });
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("member_groups", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = memberGroups });
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("member_accounts", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = memberAccounts });
            batch.BatchCommands.Add(command);
        }
    }

    // Secrets are encrypted with a fresh nonce each time; a row whose secrets are unchanged
    // keeps its stored ciphertext, so running the backfill again rewrites nothing.
    private async Task<List<AccountRow>> WithEncryptedSecretsAsync(NpgsqlConnection connection, List<AccountRow> accounts, CancellationToken cancellationToken)
    {
        if (accounts.Count == 0)
        {
            return accounts;
        }

        var stored = new Dictionary<Guid, byte[]>();
        await using (var command = new NpgsqlCommand("SELECT id, secrets FROM accounts WHERE id = ANY($1) AND secrets IS NOT NULL", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = accounts.Select(account => account.Id).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetGuid(0)] = reader.GetFieldValue<byte[]>(1);
            }
        }

        return [.. accounts.Select(account => account with
        {
            EncryptedSecrets = stored.TryGetValue(account.Id, out var existing) && Decrypts(existing, account)
                ? existing
                : protector.Protect(account.Secrets, account.Id.ToString()),
        })];
    }

    private bool Decrypts(byte[] existing, AccountRow account)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(protector.UnprotectString(existing, account.Id.ToString())), JsonNode.Parse(account.Secrets));
        }
        catch (SecretDecryptionException)
        {
            return false;
        }
    }
}
