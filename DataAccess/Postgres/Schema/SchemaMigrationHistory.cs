using Npgsql;
using NpgsqlTypes;

namespace DataAccess.Postgres.Schema;

// The schema_migrations table: which migrations a database has applied, with the checksum of
// what was applied, so a later edit of the file is noticed.
internal sealed class SchemaMigrationHistory(NpgsqlConnection connection)
{
    public const string TableName = "schema_migrations";

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {TableName} (
                version         integer PRIMARY KEY,
                name            text NOT NULL,
                checksum        text NOT NULL,
                applied_at      timestamptz NOT NULL DEFAULT now(),
                execution_time  interval NOT NULL
            )
            """,
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT to_regclass('{TableName}') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<MigrationRecord>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT version, name, checksum FROM {TableName} ORDER BY version",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var records = new List<MigrationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new MigrationRecord(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }

        return records;
    }

    public async Task RecordAsync(Migration migration, TimeSpan executionTime, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {TableName} (version, name, checksum, execution_time) VALUES ($1, $2, $3, $4)",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Checksum });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = executionTime, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
