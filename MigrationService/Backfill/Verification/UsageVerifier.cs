using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Rows;
using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Verification;

// What PostgreSQL shows for the buckets and totals of legacy usage keys, end to end, read as
// the usage queries read them: the residual rows of the bucket's granularity and finer inside
// the bucket plus native usage in it (for a per-model key, the rows of that model's own bucket
// and native usage of that model, native names normalized as legacy key names are). Equal to
// the Redis value whenever the migration is complete, also while both systems record the same
// requests in a dual-write phase.
internal sealed class UsageVerifier
{
    private const string Rank = "CASE r.granularity WHEN 'hour' THEN 0 WHEN 'day' THEN 1 ELSE 2 END";
    private const string NativeTotal = "n.input_tokens + n.output_tokens + n.cache_create_tokens + n.cache_read_tokens";

    private static readonly string s_keyBuckets = BucketSql(
        "legacy_usage_key_model", "usage_hourly_key_model", "api_key_id",
        ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens", "ephemeral_5m_tokens", "ephemeral_1h_tokens", "total_tokens", "cost"]);

    private static readonly string s_accountBuckets = BucketSql(
        "legacy_usage_account_model", "usage_hourly_account_model", "account_id",
        ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens", "0::bigint", "0::bigint", "total_tokens", "cost"]);

    public async Task<UsageTotals[]> BucketsAsync(NpgsqlConnection connection, IReadOnlyList<UsageBucketRow> rows, CancellationToken cancellationToken)
    {
        var found = new UsageTotals[rows.Count];
        foreach (var accounts in new[] { false, true })
        {
            var positions = Enumerable.Range(0, rows.Count).Where(i => rows[i].Kind.IsAccount() == accounts).ToArray();
            if (positions.Length == 0)
            {
                continue;
            }

            await using var command = new NpgsqlCommand(accounts ? s_accountBuckets : s_keyBuckets, connection);
            Add(command, "positions", NpgsqlDbType.Integer, positions);
            Add(command, "owners", NpgsqlDbType.Uuid, positions.Select(i => rows[i].OwnerId).ToArray());
            Add(command, "starts", NpgsqlDbType.TimestampTz, positions.Select(i => rows[i].Bucket.Start).ToArray());
            Add(command, "ends", NpgsqlDbType.TimestampTz, positions.Select(i => rows[i].Bucket.End).ToArray());
            Add(command, "ranks", NpgsqlDbType.Integer, positions.Select(i => (int)rows[i].Bucket.Granularity).ToArray());
            Add(command, "models", NpgsqlDbType.Text, positions.Select(i => rows[i].Kind.IsPerModel() ? rows[i].Model : null).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetInt32(0)] = Totals(reader);
            }
        }

        return found;
    }

    public async Task<UsageTotals[]> LifetimesAsync(NpgsqlConnection connection, IReadOnlyList<UsageLifetimeRow> rows, CancellationToken cancellationToken)
    {
        var found = new UsageTotals[rows.Count];
        foreach (var accounts in new[] { false, true })
        {
            var positions = Enumerable.Range(0, rows.Count).Where(i => rows[i].Kind.IsAccount() == accounts).ToArray();
            if (positions.Length == 0)
            {
                continue;
            }

            // The owners' condition inside the subquery reaches the view's tables as index
            // lookups; a plain join would aggregate every owner's totals for every page.
            var (view, id) = accounts ? ("usage_totals_account_all", "account_id") : ("usage_totals_key_all", "api_key_id");
            await using var command = new NpgsqlCommand($"""
                SELECT q.position, coalesce(t.requests, 0), coalesce(t.input_tokens, 0), coalesce(t.output_tokens, 0), coalesce(t.cache_create_tokens, 0),
                       coalesce(t.cache_read_tokens, 0), coalesce(t.ephemeral_5m_tokens, 0), coalesce(t.ephemeral_1h_tokens, 0), coalesce(t.total_tokens, 0),
                       coalesce(t.cost, 0)
                FROM unnest(@positions, @owners) AS q(position, owner)
                LEFT JOIN (SELECT * FROM {view} WHERE {id} = ANY(@owners)) t ON t.{id} = q.owner
                """, connection);
            Add(command, "positions", NpgsqlDbType.Integer, positions);
            Add(command, "owners", NpgsqlDbType.Uuid, positions.Select(i => rows[i].OwnerId).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetInt32(0)] = Totals(reader);
            }
        }

        return found;
    }

    private static UsageTotals Totals(NpgsqlDataReader reader) => new(
        new UsageMeasures(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)),
        reader.GetDecimal(9));

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = values });

    // measures are the legacy table's columns, or constants where it has none.
    private static string BucketSql(string legacy, string native, string id, string[] measures)
    {
        string[] names = ["requests", "input_tokens", "output_tokens", "cache_create_tokens", "cache_read_tokens", "ephemeral_5m_tokens", "ephemeral_1h_tokens", "total_tokens", "cost"];
        var legacySums = string.Join(", ", measures.Select((measure, i) => measure.Contains("::", StringComparison.Ordinal) ? $"{measure} AS {names[i]}" : $"sum(r.{measure}) AS {names[i]}"));
        var nativeSums = string.Join(", ", names.Select(name => name == "total_tokens" ? $"sum({NativeTotal}) AS {name}" : $"sum(n.{name}) AS {name}"));
        var totals = string.Join(", ", names.Select(name => $"(coalesce(l.{name}, 0) + coalesce(n.{name}, 0))::{(name == "cost" ? "numeric" : "bigint")}"));
        return $"""
            SELECT q.position, {totals}
            FROM unnest(@positions, @owners, @starts, @ends, @ranks, @models) AS q(position, owner, bucket_start, bucket_end, rank, model)
            LEFT JOIN LATERAL (
                SELECT {legacySums} FROM {legacy} r
                WHERE r.{id} = q.owner AND r.bucket_start >= q.bucket_start AND r.bucket_start < q.bucket_end
                  AND {Rank} <= q.rank AND (q.model IS NULL OR (r.model = q.model AND r.part = 'model'))
            ) l ON true
            LEFT JOIN LATERAL (
                SELECT {nativeSums} FROM {native} n
                WHERE n.{id} = q.owner AND n.hour >= q.bucket_start AND n.hour < q.bucket_end
                  AND (q.model IS NULL OR legacy_normalize_model(n.model) = q.model)
            ) n ON true
            """;
    }
}
