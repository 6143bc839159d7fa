using MigrationService.Backfill.Keys;
using Npgsql;

namespace MigrationService.Backfill.Residuals;

// Computes the residual usage rows from the legacy usage as read (schemas 0002 and 0003, top
// comments), set-based in PostgreSQL, and brings the residual tables to exactly that set: rows
// that differ are updated, rows no longer implied are deleted, equal rows are left alone. Every
// run recomputes from absolute values, so the result depends only on what was read and on the
// native usage recorded so far, never on how often it ran.
//
// For one API key (or account), model and part: hourly rows are the hour's value minus native
// usage in the hour; daily rows the day's value minus native usage in the day and minus the
// hourly rows inside it; monthly rows likewise minus the daily and hourly rows inside. A
// bucket's value per model comes from the per-model keys; what the per-key bucket holds beside
// them is its own part (ShowsUnattributed); costs, which legacy keeps per key only, are rows
// of the empty model, except what this service recorded per model (and per account) on the
// legacy layout, which is a row of its model. Queries of a granularity read its rows and finer
// ones, so every bucket the relay shows reads as the relay shows it, by model and in total.
// Where the relay's buckets contradict each other (a bucket holding less than what lies inside
// it), a residual is negative: the bucket still reads as the relay's, and the contradiction is
// reported.
internal sealed class ResidualCalculator(NpgsqlDataSource dataSource, int offsetHours, int examples)
{
    // Owner slices computed at the same time: enough to keep a few database cores busy, few
    // enough that each slice's sorts and hashes still fit in its work_mem.
    private const int Slices = 4;

    public async Task<ResidualOutcome> RecomputeAsync(ResidualShape shape, CancellationToken cancellationToken)
    {
        var ranges = OwnerRange.Split(Slices);
        var slices = new (ResidualOutcome Buckets, ResidualOutcome Totals)[ranges.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = SparedConnections(), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, ranges.Count), parallel, async (i, token) => slices[i] = await RecomputeAsync(shape, ranges[i], token));
        var buckets = Merge(slices.Select(slice => slice.Buckets));
        var totals = Merge(slices.Select(slice => slice.Totals));
        return new ResidualOutcome(buckets.Inconsistent + totals.Inconsistent, [.. buckets.Examples, .. totals.Examples]);
    }

    // The scan has just filled the legacy usage tables, faster than autovacuum's analyze
    // follows: planned with the statistics of nearly empty tables, the residual statements
    // choose nested loops over the whole legacy usage and take tens of seconds instead of one.
    public async Task RefreshStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("ANALYZE legacy_usage_buckets, legacy_usage_lifetime");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A slice waiting for a pooled connection longer than the pool's timeout would fail the
    // run: slices run at once only as far as the pool has connections besides the run's lock.
    private int SparedConnections() =>
        Math.Clamp(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize - 1, 1, Slices);

    private async Task<(ResidualOutcome Buckets, ResidualOutcome Totals)> RecomputeAsync(ResidualShape shape, OwnerRange owners, CancellationToken cancellationToken)
    {
        var buckets = await RunAsync(BucketStatements(shape, owners), BucketInconsistencies(shape), cancellationToken);
        var totals = await RunAsync(TotalsStatements(shape, owners), TotalsInconsistencies(shape), cancellationToken);
        return (buckets, totals);
    }

    // Each slice lists its first examples in owner order, and the slices follow each other in
    // owner order: their lists one after the other are in order too.
    private ResidualOutcome Merge(IEnumerable<ResidualOutcome> slices)
    {
        var all = slices.ToList();
        return new ResidualOutcome(all.Sum(slice => slice.Inconsistent), [.. all.SelectMany(slice => slice.Examples).Take(examples)]);
    }

    private async Task<ResidualOutcome> RunAsync(IEnumerable<string> statements, string inconsistencies, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The whole legacy usage goes through a few joins and aggregations: room to do them in
        // memory rather than in temporary files, and to keep the temporary tables in memory
        // too. A connection that has used temporary tables before keeps the temp_buffers it
        // started them with, and PostgreSQL refuses to change it.
        await using (var memory = new NpgsqlCommand("""
            SET LOCAL work_mem = '256MB';
            DO $$
            BEGIN
                PERFORM set_config('temp_buffers', '256MB', true);
            EXCEPTION WHEN invalid_parameter_value THEN
                NULL;
            END
            $$
            """, connection, transaction))
        {
            await memory.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            if (sql.Contains("@offset", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("offset", offsetHours));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var outcome = await ReadInconsistenciesAsync(connection, transaction, inconsistencies, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<ResidualOutcome> ReadInconsistenciesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter("examples", examples));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long count = 0;
        var found = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            count = reader.GetInt64(0);
            found.Add(reader.GetString(1));
        }

        return new ResidualOutcome(count, found);
    }

    private static IEnumerable<string> BucketStatements(ResidualShape shape, OwnerRange owners)
    {
        var measures = shape.Measures;
        var counters = shape.TokenMeasures;
        string List(Func<string, string> column) => string.Join(", ", measures.Select(column));
        string Counters(Func<string, string> column) => string.Join(", ", counters.Select(column));
        var noCost = ", 0::numeric AS cost, false AS cost_recorded";

        // A bucket's values by model and part: each per-model bucket; the cost, under its model
        // where this service recorded it per model, and what the owner's cost holds beyond those
        // under the empty model (legacy keeps cost per key only); and what the key (or account)
        // bucket holds beside its per-model buckets, per counter: beyond them, the relay's
        // per-model view shows it under "unknown" for keys ('unattributed'); short of them
        // ('correction'), or for accounts, whose per-model view shows the models alone, it
        // counts in totals only. cost_recorded marks the models (and the empty model) whose
        // cost the legacy keys hold: native cost counts there and nowhere else (NativeStatement).
        var unattributed = shape.ShowsUnattributed
            ? $"""
                UNION ALL
                SELECT owner_id, bucket_start, granularity, 'unknown', 'unattributed', {Counters(m => $"greatest({m}, 0)")}{noCost}
                FROM remainder WHERE {string.Join(" OR ", counters.Select(m => $"{m} > 0"))}
                """
            : "";
        var correction = shape.ShowsUnattributed ? (Func<string, string>)(m => $"least({m}, 0)") : m => m;
        yield return $"""
            CREATE TEMP TABLE bf_values ON COMMIT DROP AS
            WITH models AS (
                SELECT owner_id, bucket_start, granularity, model, {Counters(m => m)} FROM legacy_usage_buckets
                WHERE kind = '{shape.ModelKind}' AND {owners.Contains("owner_id")}
            ),
            remainder AS (
                SELECT owner_id, bucket_start, granularity, {Counters(m => $"coalesce(k.{m}, 0) - coalesce(s.{m}, 0) AS {m}")}
                FROM (SELECT * FROM legacy_usage_buckets WHERE kind = '{shape.LevelKind}' AND {owners.Contains("owner_id")}) k
                FULL JOIN (SELECT owner_id, bucket_start, granularity, {Counters(m => $"sum({m}) AS {m}")} FROM models GROUP BY 1, 2, 3) s
                     USING (owner_id, bucket_start, granularity)
            ),
            model_costs AS (
                SELECT owner_id, bucket_start, granularity, model, cost FROM legacy_usage_buckets
                WHERE kind = '{shape.ModelCostKind}' AND {owners.Contains("owner_id")}
            ),
            costs AS (
                SELECT owner_id, bucket_start, granularity, model, cost FROM model_costs
                UNION ALL
                SELECT owner_id, bucket_start, granularity, '', o.cost - coalesce(s.cost, 0)
                FROM (SELECT * FROM legacy_usage_buckets WHERE kind = '{shape.CostKind}' AND {owners.Contains("owner_id")}) o
                LEFT JOIN (SELECT owner_id, bucket_start, granularity, sum(cost) AS cost FROM model_costs GROUP BY 1, 2, 3) s
                     USING (owner_id, bucket_start, granularity)
            )
            SELECT owner_id, bucket_start, granularity, model, 'model' AS part, {Counters(m => $"coalesce(m.{m}, 0) AS {m}")},
                   coalesce(c.cost, 0) AS cost, c.owner_id IS NOT NULL AS cost_recorded
            FROM models m FULL JOIN costs c USING (owner_id, bucket_start, granularity, model)
            {unattributed}
            UNION ALL
            SELECT owner_id, bucket_start, granularity, '', 'correction', {Counters(m => $"{correction(m)}")}{noCost}
            FROM remainder WHERE {string.Join(" OR ", counters.Select(m => $"{correction(m)} <> 0"))}
            """;
        yield return "ANALYZE bf_values";
        yield return NativeStatement(shape);
        yield return "ANALYZE bf_native";
        yield return Level(BucketGranularity.Hour, finer: null, shape);
        yield return Level(BucketGranularity.Day, "bf_hour", shape);
        yield return Level(BucketGranularity.Month, "(SELECT * FROM bf_hour UNION ALL SELECT * FROM bf_day) finer", shape);
        var accountType = shape.HasAccountType ? ", coalesce(a.platform, 'unknown') AS account_type" : "";
        var accountJoin = shape.HasAccountType ? "LEFT JOIN accounts a ON a.id = r.owner_id" : "";
        yield return $"""
            CREATE TEMP TABLE bf_apply ON COMMIT DROP AS
            SELECT r.owner_id AS {shape.IdColumn}, r.bucket_start, r.granularity, r.model, r.part{accountType}, {List(m => $"r.{m}")}
            FROM (SELECT * FROM bf_hour UNION ALL SELECT * FROM bf_day UNION ALL SELECT * FROM bf_month) r {accountJoin}
            WHERE {string.Join(" OR ", measures.Select(m => $"r.{m} <> 0"))}
            """;
        foreach (var statement in ApplyStatements(
            shape.Target,
            $"{shape.IdColumn}, bucket_start, granularity, model, part",
            shape.HasAccountType ? [.. measures, "account_type"] : measures,
            owners))
        {
            yield return statement;
        }
    }

    // The residuals of one granularity: for every bucket that has legacy values, per model and
    // part, the value minus native usage minus the finer rows inside. Models that only native
    // usage or finer rows name in the bucket take part too, with the bucket's value 0 (the
    // relay shows nothing of them there), so every model and part of the bucket adds up to the
    // relay's value, whatever the finer buckets say: a residual is negative where the bucket
    // holds less than what lies inside it.
    private static string Level(BucketGranularity granularity, string? finer, ResidualShape shape)
    {
        var measures = shape.Measures;
        var name = granularity.SqlName();
        var inside = finer is null ? "" : $", f AS ({Inside(name, finer, measures)})";
        var finerModels = finer is null ? "" : "UNION SELECT owner_id, bucket_start, model, part FROM f JOIN buckets USING (owner_id, bucket_start)";
        var finerJoin = finer is null ? "" : "LEFT JOIN f USING (owner_id, bucket_start, model, part)";
        var values = string.Join(", ", measures.Select(m =>
            granularity == BucketGranularity.Hour && ResidualShape.IsEphemeral(m) ? $"0::numeric AS {m}"
            : finer is null ? $"coalesce(v.{m}, 0) - coalesce(n.{m}, 0) AS {m}"
            : $"coalesce(v.{m}, 0) - coalesce(n.{m}, 0) - coalesce(f.{m}, 0) AS {m}"));
        return $"""
            CREATE TEMP TABLE bf_{name} ON COMMIT DROP AS
            WITH v AS (SELECT * FROM bf_values WHERE granularity = '{name}'),
                 n AS (SELECT * FROM bf_native WHERE granularity = '{name}'),
                 buckets AS (SELECT DISTINCT owner_id, bucket_start FROM v){inside},
                 models AS (
                     SELECT owner_id, bucket_start, model, part FROM v
                     UNION SELECT owner_id, bucket_start, model, part FROM n JOIN buckets USING (owner_id, bucket_start)
                     {finerModels})
            SELECT owner_id, bucket_start, '{name}'::text AS granularity, model, part, {values}
            FROM models LEFT JOIN v USING (owner_id, bucket_start, model, part) LEFT JOIN n USING (owner_id, bucket_start, model, part) {finerJoin}
            """;
    }

    // Native hourly rollups summed into the legacy buckets that contain them, per normalized
    // model. A model's native cost counts under the model where the legacy keys hold that
    // model's cost (cost_recorded); the rest under the empty model, where legacy keeps the
    // owner's cost, unless the owner's cost too is kept only where recorded
    // (ResidualShape.CostWhereRecorded) and the bucket has none: there native cost stays as it
    // is rather than being hidden.
    private static string NativeStatement(ResidualShape shape)
    {
        var tokens = shape.TokenMeasures;
        var ownerCost = shape.CostWhereRecorded ? "owner_recorded" : "true";
        return $"""
            CREATE TEMP TABLE bf_native ON COMMIT DROP AS
            WITH native AS (
                SELECT n.{shape.IdColumn} AS owner_id, g.granularity, legacy_bucket_start(n.hour, g.granularity, @offset) AS bucket_start,
                       legacy_normalize_model(n.model) AS model,
                       {string.Join(", ", tokens.Select(t => $"sum({ResidualShape.NativeColumn("n", t)}) AS {t}"))}, sum(n.cost) AS cost
                FROM {shape.Native} n
                CROSS JOIN (VALUES ('hour'), ('day'), ('month')) AS g(granularity)
                WHERE n.{shape.IdColumn} IN (SELECT owner_id FROM bf_values)
                  AND n.hour >= (SELECT min(bucket_start) FROM bf_values)
                GROUP BY 1, 2, 3, 4
            ),
            attributed AS (
                SELECT n.*, coalesce(v.cost_recorded, false) AS recorded, coalesce(o.cost_recorded, false) AS owner_recorded
                FROM native n
                LEFT JOIN bf_values v ON v.owner_id = n.owner_id AND v.granularity = n.granularity AND v.bucket_start = n.bucket_start
                     AND v.model = n.model AND v.part = 'model'
                LEFT JOIN bf_values o ON o.owner_id = n.owner_id AND o.granularity = n.granularity AND o.bucket_start = n.bucket_start
                     AND o.model = '' AND o.part = 'model'
            )
            SELECT owner_id, granularity, bucket_start, model, 'model'::text AS part, {string.Join(", ", tokens.Select(t => $"sum({t}) AS {t}"))}, sum(cost) AS cost
            FROM (
                SELECT owner_id, granularity, bucket_start, model, {string.Join(", ", tokens)}, CASE WHEN recorded THEN cost ELSE 0 END AS cost
                FROM attributed
                UNION ALL
                SELECT owner_id, granularity, bucket_start, '', {string.Join(", ", tokens.Select(_ => "0"))}, cost
                FROM attributed WHERE NOT recorded AND {ownerCost}
            ) parts
            GROUP BY 1, 2, 3, 4
            """;
    }

    // The rows of finer tables summed into the days or months that contain them.
    private static string Inside(string granularity, string finer, string[] measures) => $"""
        SELECT owner_id, legacy_bucket_start(bucket_start, '{granularity}', @offset) AS bucket_start, model, part,
               {string.Join(", ", measures.Select(m => $"sum({m}) AS {m}"))}
        FROM {finer} GROUP BY 1, 2, 3, 4
        """;

    // Buckets the relay's own buckets contradict: a key (or account) bucket holding less than
    // its per-model buckets (a negative correction), or a bucket holding less in total than the
    // finer buckets and native usage inside it. PostgreSQL shows each as the relay does; they
    // are reported. (A bucket naming the model of what a finer one filed under "unknown" is
    // no contradiction: its total is the finer ones'.)
    private static string BucketInconsistencies(ResidualShape shape) => $"""
        SELECT count(*) OVER (),
               format('%s %s bucket from %s', owner_id, granularity, to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'))
        FROM (
            SELECT owner_id, granularity, bucket_start
            FROM (SELECT * FROM bf_hour UNION ALL SELECT * FROM bf_day UNION ALL SELECT * FROM bf_month) r
            GROUP BY owner_id, granularity, bucket_start
            HAVING {string.Join(" OR ", shape.Measures.Select(m => $"sum({m}) < 0"))}
            UNION
            SELECT owner_id, granularity, bucket_start FROM bf_values WHERE part = 'correction' AND ({Negative(shape.Measures)})
        ) contradicted
        ORDER BY owner_id, bucket_start, granularity
        LIMIT @examples
        """;

    private static IEnumerable<string> TotalsStatements(ResidualShape shape, OwnerRange owners)
    {
        var tokens = shape.TokenMeasures;
        var kinds = $"'{shape.LevelKind}', '{shape.CostKind}'";
        var costJoin = $"LEFT JOIN legacy_usage_lifetime c ON c.owner_id = l.owner_id AND c.kind = '{shape.CostKind}'";
        var cost = ", CASE WHEN c.owner_id IS NULL THEN 0 ELSE c.cost - coalesce(n.cost, 0) END AS cost";
        yield return $"""
            CREATE TEMP TABLE bf_computed ON COMMIT DROP AS
            SELECT l.owner_id, {string.Join(", ", tokens.Select(t => $"CASE WHEN u.owner_id IS NULL THEN 0 ELSE u.{t} - coalesce({ResidualShape.NativeColumn("n", t)}, 0) END AS {t}"))}{cost}
            FROM (SELECT DISTINCT owner_id FROM legacy_usage_lifetime WHERE kind IN ({kinds}) AND {owners.Contains("owner_id")}) l
            LEFT JOIN legacy_usage_lifetime u ON u.owner_id = l.owner_id AND u.kind = '{shape.LevelKind}'
            {costJoin}
            LEFT JOIN {shape.NativeTotals} n ON n.{shape.IdColumn} = l.owner_id
            """;

        // Lifetime totals are kept as the relay shows them, also below what this service
        // recorded itself (reported).
        yield return $"""
            CREATE TEMP TABLE bf_apply ON COMMIT DROP AS
            SELECT owner_id AS {shape.IdColumn}, {string.Join(", ", shape.Measures)}
            FROM bf_computed WHERE {string.Join(" OR ", shape.Measures.Select(m => $"{m} <> 0"))}
            """;
        foreach (var statement in ApplyStatements(shape.TotalsTarget, shape.IdColumn, shape.Measures, owners))
        {
            yield return statement;
        }
    }

    private static string TotalsInconsistencies(ResidualShape shape) => $"""
        SELECT count(*) OVER (), format('%s lifetime totals', owner_id)
        FROM bf_computed WHERE {Negative(shape.Measures)}
        ORDER BY owner_id
        LIMIT @examples
        """;

    // Makes the owners' rows of the target table equal bf_apply: rows no longer implied go,
    // changed rows are updated, equal rows stay untouched. The first key column is the owner.
    // Missing rows are inserted after an anti-join rather than with ON CONFLICT: on a first
    // run, when the owners have no rows yet, ON CONFLICT's check of every row nearly doubled
    // the insert's time. Only the run holding the backfill lock writes these tables, so no row
    // can appear between the two. Rows go in in key order, so the primary key's pages fill
    // one after another.
    private static IEnumerable<string> ApplyStatements(string target, string keyColumns, IReadOnlyList<string> values, OwnerRange owners)
    {
        var keys = keyColumns.Split(", ");
        var all = string.Join(", ", keys.Concat(values));
        var sameKey = string.Join(" AND ", keys.Select(key => $"a.{key} = t.{key}"));
        yield return $"""
            DELETE FROM {target} t
            WHERE {owners.Contains($"t.{keys[0]}")}
              AND NOT EXISTS (SELECT 1 FROM bf_apply a WHERE {sameKey})
            """;
        yield return $"""
            UPDATE {target} t SET {string.Join(", ", values.Select(value => $"{value} = a.{value}"))}
            FROM bf_apply a
            WHERE {owners.Contains($"t.{keys[0]}")} AND {sameKey}
              AND ({string.Join(", ", values.Select(value => $"t.{value}"))}) IS DISTINCT FROM ({string.Join(", ", values.Select(value => $"a.{value}"))})
            """;
        yield return $"""
            INSERT INTO {target} ({all})
            SELECT {all} FROM bf_apply a
            WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE {owners.Contains($"t.{keys[0]}")} AND {sameKey})
            ORDER BY {keyColumns}
            """;
    }

    private static string Negative(IEnumerable<string> measures) => string.Join(" OR ", measures.Select(m => $"{m} < 0"));
}
