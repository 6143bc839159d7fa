using Npgsql;
using NpgsqlTypes;

namespace DataService.Alerts;

// alert_rules, the rules and their evaluation state, shared by every instance of the service.
internal sealed class AlertRuleStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, metric, threshold, operator, duration_seconds, webhook, state, condition_since, last_fired_at, created_at";

    // The id is chosen by the caller, so a retried insert that had in fact committed finds its
    // row (the no-op update makes RETURNING return it) instead of adding a second rule.
    public async Task<AlertRule> CreateAsync(Guid id, CreateAlertRequest request, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO alert_rules (id, metric, threshold, operator, duration_seconds, webhook)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET id = excluded.id
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Metric! });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Threshold!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Operator! });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Duration!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Webhook ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM alert_rules ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<AlertRule>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(Read(reader));
        }

        return rules;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM alert_rules WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // Moves the rule on from the state this instance read, unless another instance moved it
    // first: the update matches only while state and condition_since are as read. Whoever
    // makes the update owns the transition, and only the owner sends its notification.
    public async Task<bool> TryTransitionAsync(AlertRule seen, AlertTransition transition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE alert_rules
            SET state = $4, condition_since = $5, last_fired_at = CASE WHEN $6 THEN $7 ELSE last_fired_at END
            WHERE id = $1 AND state = $2 AND condition_since IS NOT DISTINCT FROM $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = seen.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = StateName(seen.State) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)seen.ConditionSince ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = StateName(transition.To) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)transition.ConditionSince ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = transition.Notify == AlertStatus.Firing });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static AlertRule Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetDouble(2),
        reader.GetString(3),
        reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        ParseState(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetFieldValue<DateTimeOffset>(9));

    private static string StateName(AlertState state) => state.ToString().ToLowerInvariant();

    private static AlertState ParseState(string state) => Enum.Parse<AlertState>(state, ignoreCase: true);
}
