using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Writing;

// api_keys.key_hash is unique, legacy hashes are not guaranteed to be. When two keys have the
// same hash, the one apikey:hash_map sends the hash to keeps it (it is the one the legacy relay
// authenticates), whichever is read first; the other is migrated unable to authenticate (its
// hash replaced by a marker) and reported. Verification resolves the same way, so it expects
// what was written.
internal static class ApiKeyHashes
{
    public static async Task<(List<ApiKeyRow> Keys, Guid[] Demoted)> ResolveAsync(
        NpgsqlConnection connection, List<ApiKeyRow> keys, PageTally tally, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return (keys, []);
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

        var resolved = new Dictionary<Guid, ApiKeyRow>();
        var demoted = new List<Guid>();
        foreach (var key in keys)
        {
            if (!owners.TryGetValue(key.KeyHash, out var owner) || owner == key.Id)
            {
                owners[key.KeyHash] = key.Id;
                resolved[key.Id] = key;
            }
            else if (key.NamedByHashMap)
            {
                tally.Problem(ProblemKind.DuplicateApiKeyHash, $"apikey:{owner}", $"its hash is API key {key.Id}'s, which apikey:hash_map names: migrated unable to authenticate");
                if (resolved.TryGetValue(owner, out var loser))
                {
                    resolved[owner] = Unusable(loser);
                }
                else
                {
                    demoted.Add(owner);
                }

                owners[key.KeyHash] = key.Id;
                resolved[key.Id] = key;
            }
            else
            {
                tally.Problem(ProblemKind.DuplicateApiKeyHash, key.Source, $"its hash belongs to API key {owner}: migrated unable to authenticate");
                resolved[key.Id] = Unusable(key);
            }
        }

        return ([.. resolved.Values], [.. demoted]);
    }

    // Run before the page's upsert: the stored keys that lost their hash to the page's.
    public static NpgsqlBatchCommand Demote(Guid[] keys)
    {
        var command = new NpgsqlBatchCommand("UPDATE api_keys SET key_hash = 'duplicate:' || id::text WHERE id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = keys });
        return command;
    }

    private static ApiKeyRow Unusable(ApiKeyRow key) => key with { KeyHash = $"duplicate:{key.Id}" };
}
