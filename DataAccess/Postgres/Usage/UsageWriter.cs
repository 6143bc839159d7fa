using System.Collections.Concurrent;
using DataAccess.Diagnostics;
using DataAccess.Postgres.Transactions;
using DataAccess.Usage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace DataAccess.Postgres.Usage;

// Writes usage records to PostgreSQL exactly once: the event ids (usage_event_ids, one row
// per id whatever the timestamp) and the events by binary COPY and the rollups and totals by
// one upsert each, all in one transaction.
//
// COPY cannot skip rows that exist already, so when a batch repeats an event (a retry after
// a lost commit acknowledgement, possibly stamped with another time, or a write-behind
// replay after a crash) the transaction fails on a primary key; the batch is then written
// again through a staging table: only the ids that usage_event_ids takes are new, and only
// their events are stored and added to the rollups. Inside a joined transaction the same
// statements run in a savepoint of it (StatementScope).
internal sealed partial class UsageWriter(NpgsqlDataSource dataSource, ILogger<UsageWriter> logger)
{
    private const int MaxDeadlockRetries = 5;

    private const string EventColumns =
        "occurred_at, event_id, api_key_id, account_id, account_type, model, input_tokens, output_tokens, " +
        "cache_create_tokens, cache_read_tokens, ephemeral_5m_tokens, ephemeral_1h_tokens, cost, request_count";

    private readonly ConcurrentDictionary<DateTimeOffset, bool> _partitions = new();

    // Records must be normalized (event id and timestamp set).
    public async Task WriteAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await EnsurePartitionsAsync(records, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAllAsync(records, cancellationToken);
                DataAccessTelemetry.RecordUsageWritten(records.Count);
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                var written = await WriteNewOnlyAsync(records, cancellationToken);
                DataAccessTelemetry.RecordUsageWritten(written);
                LogRepeatedEvents(records.Count - written, records.Count);
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockRetries)
            {
                // Concurrent writers lock rollup rows in the same order, so this is rare;
                // the batch's events are all new, so writing it again is safe.
            }
        }
    }

    private async Task WriteAllAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await using var scope = await StatementScope.BeginAsync(dataSource, cancellationToken);
        var connection = scope.Connection;
        await CopyEventIdsAsync(connection, records, cancellationToken);
        await CopyAsync(connection, "usage_events", records, cancellationToken);
        await UpsertRollupsAsync(connection, UsageRollups.Of(records), cancellationToken);
        await scope.CommitAsync(cancellationToken);
    }

    private async Task<int> WriteNewOnlyAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await using var scope = await StatementScope.BeginAsync(dataSource, cancellationToken);
        var (connection, transaction) = (scope.Connection, scope.Transaction);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE usage_events_staging (LIKE usage_events INCLUDING DEFAULTS) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, "usage_events_staging", records, cancellationToken);
        var inserted = new HashSet<Guid>();
        await using (var claim = new NpgsqlCommand(
            "INSERT INTO usage_event_ids (event_id, occurred_at) SELECT event_id, occurred_at FROM usage_events_staging ON CONFLICT DO NOTHING RETURNING event_id",
            connection, transaction))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetGuid(0));
            }
        }

        var fresh = records.DistinctBy(record => record.EventId).Where(record => inserted.Contains(record.EventId!.Value)).ToList();
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO usage_events ({EventColumns}) SELECT {EventColumns} FROM usage_events_staging WHERE event_id = ANY(@fresh) ON CONFLICT DO NOTHING",
            connection, transaction))
        {
            insert.Parameters.Add(Array("fresh", NpgsqlDbType.Uuid, inserted));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await UpsertRollupsAsync(connection, UsageRollups.Of(fresh), cancellationToken);

        // Dropped now rather than at commit: a joined transaction may stage again before it ends.
        await using (var drop = new NpgsqlCommand("DROP TABLE usage_events_staging", connection, transaction))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await scope.CommitAsync(cancellationToken);
        return inserted.Count;
    }

    private static async Task CopyEventIdsAsync(NpgsqlConnection connection, IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync("COPY usage_event_ids (event_id, occurred_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var record in records)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(record.EventId!.Value, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(record.Timestamp!.Value, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({EventColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var record in records)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(record.Timestamp!.Value, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(record.EventId!.Value, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(record.ApiKeyId, NpgsqlDbType.Uuid, cancellationToken);
            if (record.AccountId is { } accountId)
            {
                await importer.WriteAsync(accountId, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(record.AccountType, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(record.Model, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(record.InputTokens, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.OutputTokens, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.CacheCreateTokens, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.CacheReadTokens, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.Ephemeral5mTokens, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.Ephemeral1hTokens, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.Cost, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(record.RequestCount, NpgsqlDbType.Integer, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task UpsertRollupsAsync(NpgsqlConnection connection, UsageRollups rollups, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection);
        if (rollups.KeyHourly.Count > 0)
        {
            batch.BatchCommands.Add(HourlyUpsert("usage_hourly_key_model", "api_key_id", rollups.KeyHourly, withAccountType: false));
        }

        if (rollups.AccountHourly.Count > 0)
        {
            batch.BatchCommands.Add(HourlyUpsert("usage_hourly_account_model", "account_id", rollups.AccountHourly, withAccountType: true));
        }

        if (rollups.KeyTotals.Count > 0)
        {
            batch.BatchCommands.Add(TotalsUpsert("usage_totals_key", "api_key_id", rollups.KeyTotals));
        }

        if (rollups.AccountTotals.Count > 0)
        {
            batch.BatchCommands.Add(TotalsUpsert("usage_totals_account", "account_id", rollups.AccountTotals));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await using (batch)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static NpgsqlBatchCommand HourlyUpsert(
        string table, string idColumn, SortedList<(Guid Id, DateTimeOffset Hour, string Model), UsageAggregate> rows, bool withAccountType)
    {
        var accountType = withAccountType ? ", account_type" : "";
        var accountTypeParameter = withAccountType ? ", @account_types" : "";
        var command = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {table} AS r ({idColumn}, hour, model{accountType}, requests, input_tokens, output_tokens, cache_create_tokens,
                                      cache_read_tokens, ephemeral_5m_tokens, ephemeral_1h_tokens, cost)
            SELECT * FROM unnest(@ids, @hours, @models{accountTypeParameter}, @requests, @input, @output, @cache_create, @cache_read,
                                 @ephemeral_5m, @ephemeral_1h, @cost)
            ON CONFLICT ({idColumn}, hour, model) DO UPDATE SET
                requests = r.requests + excluded.requests,
                input_tokens = r.input_tokens + excluded.input_tokens,
                output_tokens = r.output_tokens + excluded.output_tokens,
                cache_create_tokens = r.cache_create_tokens + excluded.cache_create_tokens,
                cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
                ephemeral_5m_tokens = r.ephemeral_5m_tokens + excluded.ephemeral_5m_tokens,
                ephemeral_1h_tokens = r.ephemeral_1h_tokens + excluded.ephemeral_1h_tokens,
                cost = r.cost + excluded.cost
            """);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, rows.Keys.Select(key => key.Id)));
        command.Parameters.Add(Array("hours", NpgsqlDbType.TimestampTz, rows.Keys.Select(key => key.Hour)));
        command.Parameters.Add(Array("models", NpgsqlDbType.Text, rows.Keys.Select(key => key.Model)));
        if (withAccountType)
        {
            command.Parameters.Add(Array("account_types", NpgsqlDbType.Text, rows.Values.Select(row => row.AccountType)));
        }

        AddMeasures(command, rows.Values);
        return command;
    }

    private static NpgsqlBatchCommand TotalsUpsert(string table, string idColumn, SortedList<Guid, UsageAggregate> rows)
    {
        var command = new NpgsqlBatchCommand(
            $"""
            INSERT INTO {table} AS r ({idColumn}, requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens,
                                      ephemeral_5m_tokens, ephemeral_1h_tokens, cost, first_used_at, last_used_at)
            SELECT * FROM unnest(@ids, @requests, @input, @output, @cache_create, @cache_read, @ephemeral_5m, @ephemeral_1h, @cost,
                                 @first_at, @last_at)
            ON CONFLICT ({idColumn}) DO UPDATE SET
                requests = r.requests + excluded.requests,
                input_tokens = r.input_tokens + excluded.input_tokens,
                output_tokens = r.output_tokens + excluded.output_tokens,
                cache_create_tokens = r.cache_create_tokens + excluded.cache_create_tokens,
                cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
                ephemeral_5m_tokens = r.ephemeral_5m_tokens + excluded.ephemeral_5m_tokens,
                ephemeral_1h_tokens = r.ephemeral_1h_tokens + excluded.ephemeral_1h_tokens,
                cost = r.cost + excluded.cost,
                first_used_at = least(r.first_used_at, excluded.first_used_at),
                last_used_at = greatest(r.last_used_at, excluded.last_used_at)
            """);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Uuid, rows.Keys));
        AddMeasures(command, rows.Values);
        command.Parameters.Add(Array("first_at", NpgsqlDbType.TimestampTz, rows.Values.Select(row => row.FirstAt)));
        command.Parameters.Add(Array("last_at", NpgsqlDbType.TimestampTz, rows.Values.Select(row => row.LastAt)));
        return command;
    }

    private static void AddMeasures(NpgsqlBatchCommand command, ICollection<UsageAggregate> rows)
    {
        command.Parameters.Add(Array("requests", NpgsqlDbType.Bigint, rows.Select(row => row.Requests)));
        command.Parameters.Add(Array("input", NpgsqlDbType.Bigint, rows.Select(row => row.InputTokens)));
        command.Parameters.Add(Array("output", NpgsqlDbType.Bigint, rows.Select(row => row.OutputTokens)));
        command.Parameters.Add(Array("cache_create", NpgsqlDbType.Bigint, rows.Select(row => row.CacheCreateTokens)));
        command.Parameters.Add(Array("cache_read", NpgsqlDbType.Bigint, rows.Select(row => row.CacheReadTokens)));
        command.Parameters.Add(Array("ephemeral_5m", NpgsqlDbType.Bigint, rows.Select(row => row.Ephemeral5mTokens)));
        command.Parameters.Add(Array("ephemeral_1h", NpgsqlDbType.Bigint, rows.Select(row => row.Ephemeral1hTokens)));
        command.Parameters.Add(Array("cost", NpgsqlDbType.Numeric, rows.Select(row => row.Cost)));
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values.ToArray() };

    private async Task EnsurePartitionsAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        foreach (var month in records.Select(record => MonthOf(record.Timestamp!.Value)).Distinct())
        {
            if (_partitions.ContainsKey(month))
            {
                continue;
            }

            await using var command = dataSource.CreateCommand("SELECT ensure_usage_partition($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = month, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await command.ExecuteNonQueryAsync(cancellationToken);
            _partitions[month] = true;
        }
    }

    // Forgets the partitions it created, after retention dropped some.
    public void ForgetPartitions() => _partitions.Clear();

    private static DateTimeOffset MonthOf(DateTimeOffset instant) => new(instant.Year, instant.Month, 1, 0, 0, 0, TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repeated} of {Total} usage records had been written before and were counted once.")]
    private partial void LogRepeatedEvents(int repeated, int total);
}
