using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using Npgsql;

namespace MigrationService.Backfill.Writing;

// api_keys.key_hash is unique, legacy hashes are not guaranteed to be: a key whose hash another
// key holds already is written unable to authenticate (its hash replaced by a marker) and
// reported, rather than failing its page. Verification resolves the same way, so it expects
// what was written.
internal static class ApiKeyHashes
{
    public static async Task<List<ApiKeyRow>> ResolveAsync(NpgsqlConnection connection, List<ApiKeyRow> keys, PageTally tally, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return keys;
        }

        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT key_hash, id FROM api_keys WHERE key_hash = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(key => key.KeyHash).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                owners[reader.GetString(0)] = reader.GetGuid(1);
            }
        }

        var unique = new List<ApiKeyRow>(keys.Count);
        foreach (var key in keys)
        {
            if (owners.TryGetValue(key.KeyHash, out var owner) && owner != key.Id)
            {
                tally.Problem(ProblemKind.DuplicateApiKeyHash, key.Source, $"its hash belongs to API key {owner}: migrated unable to authenticate");
                unique.Add(key with { KeyHash = $"duplicate:{key.Id}" });
                continue;
            }

            owners[key.KeyHash] = key.Id;
            unique.Add(key);
        }

        return unique;
    }
}
