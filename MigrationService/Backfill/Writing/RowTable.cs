using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Writing;

// A table the backfill writes, row type by row type: one multi-row upsert per page
// (INSERT … SELECT … FROM unnest(arrays) ON CONFLICT DO UPDATE), which rewrites a stored row
// only when a value differs, so running the backfill again changes nothing that did not
// change in Redis; and the read-back the verification compares rows with.
internal sealed class RowTable<TRow, TKey>
    where TKey : notnull
{
    private readonly IReadOnlyList<TableColumn<TRow>> _columns;
    private readonly TableColumn<TRow>[] _keys;
    private readonly Func<TRow, TKey> _keyOf;
    private readonly string _upsert;
    private readonly string _fetch;

    public RowTable(string name, Func<TRow, TKey> keyOf, params TableColumn<TRow>[] columns)
    {
        Name = name;
        _columns = columns;
        _keys = [.. columns.Where(column => column.IsKey)];
        _keyOf = keyOf;
        _upsert = UpsertSql(name, columns, _keys);
        _fetch = FetchSql(name, columns, _keys);
    }

    public string Name { get; }

    public IReadOnlyList<TableColumn<TRow>> Columns => _columns;

    // A key read twice in one page (SCAN may repeat keys) is written once: ON CONFLICT cannot
    // touch a row twice in one statement.
    public NpgsqlBatchCommand Upsert(IReadOnlyList<TRow> rows)
    {
        var distinct = Distinct(rows);
        var command = new NpgsqlBatchCommand(_upsert);
        for (var i = 0; i < _columns.Count; i++)
        {
            command.Parameters.Add(_columns[i].Parameter($"p{i}", distinct));
        }

        return command;
    }

    // The stored values of the rows' primary keys, by the rows' positions (null: no such row).
    public async Task<object?[]?[]> FetchAsync(NpgsqlConnection connection, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        var stored = new object?[]?[rows.Count];
        if (rows.Count == 0)
        {
            return stored;
        }

        await using var command = new NpgsqlCommand(_fetch, connection);
        for (var i = 0; i < _keys.Length; i++)
        {
            command.Parameters.Add(_keys[i].Parameter($"k{i}", rows));
        }

        command.Parameters.Add(new NpgsqlParameter<int[]>("positions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. Enumerable.Range(0, rows.Count)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[_columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            stored[reader.GetInt32(_columns.Count)] = values;
        }

        return stored;
    }

    // The columns whose stored value is not the row's.
    public IEnumerable<string> Differences(TRow row, object?[] stored) =>
        _columns.Where((column, i) => !column.Matches(row, stored[i])).Select(column => column.Name);

    private List<TRow> Distinct(IReadOnlyList<TRow> rows)
    {
        var positions = new Dictionary<TKey, int>(rows.Count);
        var distinct = new List<TRow>(rows.Count);
        foreach (var row in rows)
        {
            var key = _keyOf(row);
            if (positions.TryGetValue(key, out var position))
            {
                distinct[position] = row;
            }
            else
            {
                positions[key] = distinct.Count;
                distinct.Add(row);
            }
        }

        return distinct;
    }

    private static string UpsertSql(string table, TableColumn<TRow>[] columns, TableColumn<TRow>[] keys)
    {
        var names = string.Join(", ", columns.Select(column => column.Name));
        var values = string.Join(", ", columns.Select(column => string.Format(column.Expression, $"u.{column.Name}")));
        var parameters = string.Join(", ", columns.Select((_, i) => $"@p{i}"));
        var updated = columns.Where(column => !column.IsKey).ToArray();
        var set = string.Join(", ", updated.Select(column => $"{column.Name} = {Updated(column)}"));
        var changed = string.Join(" OR ", updated.Select(Changed));
        return $"""
            INSERT INTO {table} AS t ({names})
            SELECT {values} FROM unnest({parameters}) AS u({names})
            ON CONFLICT ({string.Join(", ", keys.Select(key => key.Name))}) DO UPDATE SET {set}
            WHERE {changed}
            """;
    }

    private static string Updated(TableColumn<TRow> column) => column.Tolerance is { } tolerance
        ? $"CASE WHEN {Drifted(column, tolerance)} THEN excluded.{column.Name} ELSE t.{column.Name} END"
        : $"excluded.{column.Name}";

    private static string Changed(TableColumn<TRow> column) => column.Tolerance is { } tolerance
        ? Drifted(column, tolerance)
        : $"t.{column.Name} IS DISTINCT FROM excluded.{column.Name}";

    private static string Drifted(TableColumn<TRow> column, TimeSpan tolerance) =>
        $"abs(extract(epoch FROM excluded.{column.Name} - t.{column.Name})) > {tolerance.TotalSeconds:0}";

    private static string FetchSql(string table, TableColumn<TRow>[] columns, TableColumn<TRow>[] keys)
    {
        var keyNames = string.Join(", ", keys.Select(key => key.Name));
        var parameters = string.Join(", ", keys.Select((_, i) => $"@k{i}"));
        var join = string.Join(" AND ", keys.Select(key => $"t.{key.Name} = q.{key.Name}"));
        return $"""
            SELECT {string.Join(", ", columns.Select(column => column.Shown ?? $"t.{column.Name}"))}, q.position
            FROM {table} t JOIN unnest({parameters}, @positions) AS q({keyNames}, position) ON {join}
            """;
    }
}
