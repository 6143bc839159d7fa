using System.Text.Json.Nodes;
using DataAccess.Security;
using Npgsql;

namespace MigrationService.Tests.Backfill;

// Every row of the tables a backfill writes, as canonical JSON, to compare whole database
// states. Left out: the runs' own bookkeeping (run ids, the checkpoint table). Account secrets
// are compared decrypted, since each encryption uses a fresh nonce; expiries, computed as "now
// plus the remaining TTL" at slightly different moments, are compared within a second.
internal sealed record DatabaseDump(SortedDictionary<string, List<string>> Rows, Dictionary<string, DateTimeOffset> Expiries)
{
    private static readonly string[] s_tables =
    [
        "api_keys", "retired_api_key_hashes", "accounts", "sessions", "account_groups", "account_group_members", "users",
        "oauth_sessions", "sticky_sessions", "settings", "legacy_api_key_hash_map", "legacy_quarantine", "legacy_usage_buckets",
        "legacy_usage_lifetime", "legacy_usage_key_model", "legacy_usage_account_model", "legacy_usage_totals_key", "legacy_usage_totals_account",
    ];

    public static async Task<DatabaseDump> OfAsync(NpgsqlDataSource dataSource, string encryptionKey)
    {
        var protector = new AccountSecretProtector(new SecuritySettings(encryptionKey));
        var dump = new DatabaseDump(new SortedDictionary<string, List<string>>(StringComparer.Ordinal), []);
        foreach (var table in s_tables)
        {
            await using var command = dataSource.CreateCommand($"SELECT (to_jsonb(t.*) - 'run_id')::text FROM {table} t");
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = JsonNode.Parse(reader.GetString(0))!.AsObject();
                var expiry = row["expires_at"]?.GetValue<DateTimeOffset>();
                row.Remove("expires_at");
                if (row["secrets"] is JsonValue secrets)
                {
                    row["secrets"] = JsonNode.Parse(protector.UnprotectString(Convert.FromHexString(secrets.GetValue<string>()[2..]), row["id"]!.GetValue<string>()));
                }

                var text = $"{table} {row.ToJsonString()}";
                rows.Add(text);
                if (expiry is { } expiresAt)
                {
                    dump.Expiries[text] = expiresAt;
                }
            }

            rows.Sort(StringComparer.Ordinal);
            dump.Rows[table] = rows;
        }

        return dump;
    }

    public void AssertSameAs(DatabaseDump other)
    {
        foreach (var (table, rows) in Rows)
        {
            Assert.Equal(rows, other.Rows[table]);
        }

        foreach (var (row, expiresAt) in Expiries)
        {
            Assert.InRange((other.Expiries[row] - expiresAt).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }
}
