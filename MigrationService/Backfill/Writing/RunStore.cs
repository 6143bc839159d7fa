using Npgsql;
using NpgsqlTypes;

namespace MigrationService.Backfill.Writing;

// legacy_backfill_runs: starts a run, or finds the unfinished one to continue, and records its
// checkpoints and phases.
internal sealed class RunStore(NpgsqlDataSource dataSource)
{
    public async Task<BackfillRun> StartOrResumeAsync(int offsetHours, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(
            "SELECT id, started_at, phase, scan_cursor, pages, report::text FROM legacy_backfill_runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1");
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return new BackfillRun(
                    reader.GetInt64(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    RunPhases.FromSqlName(reader.GetString(2)),
                    reader.GetInt64(3),
                    reader.GetInt64(4),
                    reader.GetString(5));
            }
        }

        await using var start = dataSource.CreateCommand(
            "INSERT INTO legacy_backfill_runs (started_at, updated_at, phase, offset_hours) VALUES ($1, $1, 'scan', $2) RETURNING id");
        start.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        start.Parameters.Add(new NpgsqlParameter { Value = offsetHours });
        var id = (long)(await start.ExecuteScalarAsync(cancellationToken))!;
        return new BackfillRun(id, now, RunPhase.Scan, 0, 0, "{}");
    }

    // Committed in the same transaction as the page's rows. The last page (cursor 0) also ends
    // the scan phase, so a run stopped right after it does not scan again from the start.
    public static NpgsqlBatchCommand Checkpoint(long runId, long cursor, long pages, string report)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE legacy_backfill_runs
            SET scan_cursor = $2, pages = $3, report = $4::jsonb, updated_at = now(), phase = CASE WHEN $2 = 0 THEN 'residuals' ELSE phase END
            WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = cursor });
        command.Parameters.Add(new NpgsqlParameter { Value = pages });
        command.Parameters.Add(new NpgsqlParameter { Value = report });
        return command;
    }

    public async Task EnterAsync(long runId, RunPhase phase, string report, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE legacy_backfill_runs SET phase = $2, report = $3::jsonb, updated_at = now(), finished_at = CASE WHEN $2 = 'done' THEN now() END WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = phase.SqlName() });
        command.Parameters.Add(new NpgsqlParameter { Value = report });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The offset earlier runs interpreted buckets with; buckets read with another would land
    // beside the earlier rows instead of replacing them.
    public async Task<int?> MigratedOffsetAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT offset_hours FROM legacy_usage_buckets LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }
}
