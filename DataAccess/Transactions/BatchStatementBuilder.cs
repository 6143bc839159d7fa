using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace DataAccess.Transactions;

// Turns a batch operation into one parameterized statement. Table and column names come
// from the allow-list only; every value is a typed parameter.
public static class BatchStatementBuilder
{
    public static NpgsqlBatchCommand Build(BatchOperation operation, int index)
    {
        var prefix = $"operations[{index}]";
        if (!BatchTables.All.TryGetValue(operation.Table ?? "", out var table))
        {
            throw DatabaseError.Invalid(prefix + ".table",
                $"'{operation.Table}' is not a table batch operations may use ({string.Join(", ", BatchTables.All.Keys)}); usage, new API keys and new sessions are written by their own operations, which join this transaction with the X-Transaction-Id header.");
        }

        if (!table.Operations.Contains(operation.Type))
        {
            throw DatabaseError.Invalid(prefix + ".type", $"{operation.Type.ToString().ToLowerInvariant()} is not allowed on {table.Name}.");
        }

        var command = new NpgsqlBatchCommand();
        var data = Columns(table, operation.Data, prefix + ".data", command);
        var where = Columns(table, operation.Where, prefix + ".where", command);
        switch (operation.Type)
        {
            case BatchOperationType.Create:
                Require(data, prefix + ".data", "a create needs column values.");
                if (where.Count > 0)
                {
                    throw DatabaseError.Invalid(prefix + ".where", "a create takes no conditions.");
                }

                command.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", data.Select(c => Quote(c.Column)))}) VALUES ({string.Join(", ", data.Select(c => c.Placeholder))})";
                break;
            case BatchOperationType.Update:
                Require(data, prefix + ".data", "an update needs column values.");
                Require(where, prefix + ".where", "an update needs conditions, so it cannot change every row by mistake.");
                command.CommandText = $"UPDATE {table.Name} SET {string.Join(", ", data.Select(c => $"{Quote(c.Column)} = {c.Placeholder}"))} WHERE {Conditions(where)}";
                break;
            default:
                Require(where, prefix + ".where", "a delete needs conditions, so it cannot remove every row by mistake.");
                if (data.Count > 0)
                {
                    throw DatabaseError.Invalid(prefix + ".data", "a delete takes no column values.");
                }

                command.CommandText = $"DELETE FROM {table.Name} WHERE {Conditions(where)}";
                break;
        }

        return command;
    }

    private static List<(string Column, string Placeholder)> Columns(
        BatchTable table, IReadOnlyDictionary<string, JsonElement>? values, string field, NpgsqlBatchCommand command)
    {
        var columns = new List<(string, string)>();
        foreach (var (name, value) in values ?? new Dictionary<string, JsonElement>())
        {
            if (!table.Columns.TryGetValue(name, out var column))
            {
                throw DatabaseError.Invalid($"{field}.{name}", $"is not a column batch operations may use on {table.Name}.");
            }

            command.Parameters.Add(Parameter(column, value, $"{field}.{name}"));
            columns.Add((name, $"${command.Parameters.Count}"));
        }

        return columns;
    }

    private static NpgsqlParameter Parameter(BatchColumn column, JsonElement value, string field)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return column.Nullable
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = DbType(column.Type) }
                : throw DatabaseError.Invalid(field, "must not be null.");
        }

        try
        {
            object converted = column.Type switch
            {
                BatchColumnType.Uuid => Guid.Parse(value.GetString()!),
                BatchColumnType.Text => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException(),
                BatchColumnType.Integer => value.GetInt32(),
                BatchColumnType.BigInteger => value.GetInt64(),
                BatchColumnType.Numeric => value.GetDecimal(),
                BatchColumnType.Double => value.GetDouble(),
                BatchColumnType.Boolean => value.GetBoolean(),
                BatchColumnType.Timestamp => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
                _ => value.EnumerateArray().Select(item => item.GetString() ?? throw new FormatException()).ToArray(),
            };
            return new NpgsqlParameter { Value = converted, NpgsqlDbType = DbType(column.Type) };
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or OverflowException or ArgumentNullException)
        {
            throw DatabaseError.Invalid(field, $"must be a {Describe(column.Type)}.");
        }
    }

    private static NpgsqlDbType DbType(BatchColumnType type) => type switch
    {
        BatchColumnType.Uuid => NpgsqlDbType.Uuid,
        BatchColumnType.Text => NpgsqlDbType.Text,
        BatchColumnType.Integer => NpgsqlDbType.Integer,
        BatchColumnType.BigInteger => NpgsqlDbType.Bigint,
        BatchColumnType.Numeric => NpgsqlDbType.Numeric,
        BatchColumnType.Double => NpgsqlDbType.Double,
        BatchColumnType.Boolean => NpgsqlDbType.Boolean,
        BatchColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        _ => NpgsqlDbType.Array | NpgsqlDbType.Text,
    };

    private static string Describe(BatchColumnType type) => type switch
    {
        BatchColumnType.Uuid => "UUID string",
        BatchColumnType.Text => "string",
        BatchColumnType.Integer or BatchColumnType.BigInteger => "whole number",
        BatchColumnType.Numeric or BatchColumnType.Double => "number",
        BatchColumnType.Boolean => "true or false",
        BatchColumnType.Timestamp => "ISO-8601 timestamp string",
        _ => "array of strings",
    };

    private static void Require(List<(string Column, string Placeholder)> columns, string field, string reason)
    {
        if (columns.Count == 0)
        {
            throw DatabaseError.Invalid(field, reason);
        }
    }

    private static string Conditions(List<(string Column, string Placeholder)> where) =>
        string.Join(" AND ", where.Select(c => $"{Quote(c.Column)} = {c.Placeholder}"));

    private static string Quote(string column) => $"\"{column}\"";
}
