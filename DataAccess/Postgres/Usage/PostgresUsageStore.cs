using DataAccess.Time;
using DataAccess.Usage;
using Npgsql;
using NpgsqlTypes;

namespace DataAccess.Postgres.Usage;

// Usage in PostgreSQL: writes go through UsageWriter, reads add up hourly rollups (never
// the raw events, except for the key-and-account combinations no rollup holds). Reads go
// through the *_all views, which add migrated legacy history to the native rows.
internal sealed class PostgresUsageStore(
    NpgsqlDataSource dataSource,
    UsageWriter writer,
    OperationRunner runner,
    TimeBuckets buckets,
    TimeProvider time) : IUsageStore
{
    private const int TopModelCount = 10;

    public Task<DataResult> RecordUsageAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        RecordUsageBatchAsync([record], cancellationToken);

    public async Task<DataResult> RecordUsageBatchAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        UsageRecord[] normalized;
        try
        {
            UsageRules.Validate(records);
            normalized = UsageRules.Normalize(records, time.GetUtcNow());
        }
        catch (DatabaseError error)
        {
            return DataResult.Fail(error);
        }

        return await runner.RunAsync(token => writer.WriteAsync(normalized, token), cancellationToken);
    }

    public Task<DataResult<UsageStats>> GetUsageStatsAsync(UsageStatsQuery query, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            UsageRules.Validate(query);
            var source = UsageQuerySource.For(query);
            var group = query.GroupBy switch
            {
                UsageGroupBy.Model => "model",
                UsageGroupBy.Account => "account_id::text",
                UsageGroupBy.ApiKey => "api_key_id::text",
                _ => "NULL::text",
            };
            await using var command = dataSource.CreateCommand();
            var filters = Filters(command, source, query.ApiKeyId, query.AccountId, query.Model, query.StartDate, query.EndDate);
            filters = And(filters, source.Within(query.Granularity), query.GroupBy == UsageGroupBy.Model ? source.InBreakdown : null);
            command.CommandText = $"""
                SELECT {Period(source, query.Granularity, command)} AS period, {group} AS grp,
                       sum({source.RequestsColumn}), sum(input_tokens), sum(output_tokens), sum(cache_create_tokens), sum(cache_read_tokens),
                       sum({source.TotalTokensColumn}), sum(cost)
                FROM {source.Table}
                WHERE {filters}
                GROUP BY 1, 2
                HAVING {VisibleCounters(source)}
                ORDER BY 1, 2
                """;

            var rows = new List<UsageStatsRow>();
            var groups = new Dictionary<string, UsageCounts>();
            UsageCounts? periodTotal = null;
            string? period = null;
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                var rowPeriod = reader.GetString(0);
                if (rowPeriod != period && period is not null)
                {
                    rows.Add(Row(period, periodTotal!, query.GroupBy is null ? null : groups));
                    groups = [];
                    periodTotal = null;
                }

                period = rowPeriod;
                var counts = ReadCounts(reader, 2);
                periodTotal = periodTotal is null ? counts : Add(periodTotal, counts);
                if (!reader.IsDBNull(1))
                {
                    groups[reader.GetString(1)] = counts;
                }
            }

            if (period is not null)
            {
                rows.Add(Row(period, periodTotal!, query.GroupBy is null ? null : groups));
            }

            return new UsageStats(rows, Summarize(rows));
        }, cancellationToken);

    public Task<DataResult<CostAnalysis>> GetCostAnalysisAsync(CostAnalysisQuery query, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            UsageRules.Validate(query);
            var byAccount = query.GroupBy == CostGroupBy.Account;
            var breakdownSource = UsageQuerySource.For(query.ApiKeyId is not null, byAccount);
            var category = query.GroupBy switch
            {
                CostGroupBy.Model => "model",
                CostGroupBy.Account => "account_id::text",
                _ => null,
            };

            await using var batch = dataSource.CreateBatch();
            var breakdown = new NpgsqlBatchCommand();
            var breakdownFilters = And(
                Filters(breakdown, breakdownSource, query.ApiKeyId, null, null, query.StartDate, query.EndDate),
                breakdownSource.Within(Granularity.Day),
                query.GroupBy == CostGroupBy.Model ? breakdownSource.InBreakdown : null);
            var categoryExpression = category ?? Period(breakdownSource, Granularity.Day, breakdown);
            breakdown.CommandText = $"SELECT {categoryExpression}, sum(cost) FROM {breakdownSource.Table} WHERE {breakdownFilters} GROUP BY 1 ORDER BY 2 DESC, 1";

            var trends = new NpgsqlBatchCommand();
            var trendFilters = And(
                Filters(trends, UsageQuerySource.KeyRollups, query.ApiKeyId, null, null, query.StartDate, query.EndDate),
                UsageQuerySource.KeyRollups.Within(Granularity.Day));
            trends.CommandText = $"""
                SELECT {Period(UsageQuerySource.KeyRollups, Granularity.Day, trends)}, sum(cost)
                FROM {UsageQuerySource.KeyRollups.Table} WHERE {trendFilters} GROUP BY 1 ORDER BY 1
                """;

            // Migrated legacy cost, kept per key only, has the empty model: it is no top model.
            var models = new NpgsqlBatchCommand();
            var modelFilters = And(
                Filters(models, UsageQuerySource.KeyRollups, query.ApiKeyId, null, null, query.StartDate, query.EndDate),
                UsageQuerySource.KeyRollups.Within(Granularity.Day),
                UsageQuerySource.KeyRollups.InBreakdown);
            models.CommandText = $"""
                SELECT model, sum(cost), sum(requests) FROM {UsageQuerySource.KeyRollups.Table} WHERE {modelFilters} AND model <> ''
                GROUP BY model ORDER BY 2 DESC, 1 LIMIT {TopModelCount}
                """;
            batch.BatchCommands.Add(breakdown);
            batch.BatchCommands.Add(trends);
            batch.BatchCommands.Add(models);

            await using var reader = await batch.ExecuteReaderAsync(token);
            var categories = new List<(string Category, decimal Cost)>();
            while (await reader.ReadAsync(token))
            {
                categories.Add((reader.GetString(0), reader.GetDecimal(1)));
            }

            await reader.NextResultAsync(token);
            var dailyCosts = new Dictionary<string, decimal>();
            while (await reader.ReadAsync(token))
            {
                dailyCosts[reader.GetString(0)] = reader.GetDecimal(1);
            }

            await reader.NextResultAsync(token);
            var topModels = new List<TopModel>();
            while (await reader.ReadAsync(token))
            {
                topModels.Add(new TopModel(reader.GetString(0), reader.GetDecimal(1), reader.GetInt64(2)));
            }

            var total = categories.Sum(item => item.Cost);
            return new CostAnalysis(
                [.. categories.Select(item => new CostBreakdownItem(item.Category, item.Cost, total == 0 ? 0 : Math.Round(item.Cost * 100 / total, 2)))],
                Trend(dailyCosts, query.StartDate, query.EndDate),
                topModels);
        }, cancellationToken);

    public Task<DataResult<CleanupResult>> CleanupOldStatsAsync(int retentionDays = 90, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            UsageRules.ValidateRetention(retentionDays);
            var cutoff = time.GetUtcNow().AddDays(-retentionDays);
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            long deleted = 0;
            foreach (var partition in await PartitionsEndingBeforeAsync(connection, cutoff, token))
            {
                deleted += await ScalarAsync<long>(connection, $"SELECT count(*) FROM {partition}", token);
                await ExecuteAsync(connection, $"DROP TABLE {partition}", token);
            }

            deleted += await ExecuteAsync(connection, "DELETE FROM usage_events WHERE occurred_at < $1", token, cutoff);
            await ExecuteAsync(connection, "DELETE FROM usage_event_ids WHERE occurred_at < $1", token, cutoff);
            await ExecuteAsync(connection, "DELETE FROM usage_hourly_key_model WHERE hour < $1", token, cutoff);
            await ExecuteAsync(connection, "DELETE FROM usage_hourly_account_model WHERE hour < $1", token, cutoff);
            await ExecuteAsync(connection, "DELETE FROM legacy_usage_key_model WHERE bucket_start < $1", token, cutoff);
            await ExecuteAsync(connection, "DELETE FROM legacy_usage_account_model WHERE bucket_start < $1", token, cutoff);
            var remaining = await ScalarAsync<long>(connection, "SELECT count(*) FROM usage_events", token);
            await transaction.CommitAsync(token);
            writer.ForgetPartitions();
            return new CleanupResult(deleted, remaining);
        }, cancellationToken);

    public Task<DataResult<KeyUsageSummary>> GetKeyUsageSummaryAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            var today = buckets.StartOfDay(now);
            var month = buckets.StartOfMonth(now);
            await using var batch = dataSource.CreateBatch();
            batch.BatchCommands.Add(Command("SELECT created_at FROM api_keys WHERE id = $1", apiKeyId));
            batch.BatchCommands.Add(Command(
                "SELECT requests, input_tokens, output_tokens, cache_create_tokens, cache_read_tokens, total_tokens, cost FROM usage_totals_key_all WHERE api_key_id = $1",
                apiKeyId));
            batch.BatchCommands.Add(KeyPeriodSum(apiKeyId, today, now, Granularity.Day));
            batch.BatchCommands.Add(KeyPeriodSum(apiKeyId, month, now, Granularity.Month));

            await using var reader = await batch.ExecuteReaderAsync(token);
            var createdAt = await reader.ReadAsync(token) ? reader.GetFieldValue<DateTimeOffset>(0) : throw DatabaseError.NotFound("API key", apiKeyId);
            await reader.NextResultAsync(token);
            var total = await reader.ReadAsync(token) ? ReadCounts(reader, 0) : new UsageCounts();
            await reader.NextResultAsync(token);
            await reader.ReadAsync(token);
            var daily = ReadCounts(reader, 0);
            await reader.NextResultAsync(token);
            await reader.ReadAsync(token);
            var monthly = ReadCounts(reader, 0);
            return new KeyUsageSummary(total, daily, monthly, UsageAveragesCalculator.Since(createdAt, now, total));
        }, cancellationToken);

    public Task<DataResult<decimal>> GetDailyCostAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            await using var command = dataSource.CreateCommand(
                $"SELECT coalesce(sum(cost), 0) FROM usage_key_model_all WHERE api_key_id = $1 AND hour >= $2 AND hour < $3 AND {UsageQuerySource.KeyRollups.Within(Granularity.Day)}");
            AddParameters(command.Parameters, apiKeyId, buckets.StartOfDay(now), now.AddHours(1));
            return (decimal)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    public Task<DataResult<CostStats>> GetCostStatsAsync(Guid apiKeyId, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var now = time.GetUtcNow();
            var rollups = UsageQuerySource.KeyRollups;
            await using var command = dataSource.CreateCommand($"""
                SELECT coalesce(sum(cost) FILTER (WHERE hour >= $2 AND {rollups.Within(Granularity.Hour)}), 0),
                       coalesce(sum(cost) FILTER (WHERE hour >= $3 AND {rollups.Within(Granularity.Day)}), 0),
                       coalesce(sum(cost), 0),
                       (SELECT coalesce(sum(cost), 0) FROM usage_totals_key_all WHERE api_key_id = $1)
                FROM usage_key_model_all
                WHERE api_key_id = $1 AND hour >= $4 AND hour < $5
                """);
            AddParameters(command.Parameters, apiKeyId, buckets.StartOfHour(now), buckets.StartOfDay(now), buckets.StartOfMonth(now), now.AddHours(1));
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return new CostStats(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3));
        }, cancellationToken);

    // Adds the parameters of the filters and returns the WHERE clause.
    private static string Filters(
        NpgsqlCommand command, UsageQuerySource source, Guid? apiKeyId, Guid? accountId, string? model, DateTimeOffset start, DateTimeOffset end) =>
        Filters(command.Parameters, source, apiKeyId, accountId, model, start, end);

    private static string Filters(
        NpgsqlBatchCommand command, UsageQuerySource source, Guid? apiKeyId, Guid? accountId, string? model, DateTimeOffset start, DateTimeOffset end) =>
        Filters(command.Parameters, source, apiKeyId, accountId, model, start, end);

    private static string Filters(
        NpgsqlParameterCollection parameters, UsageQuerySource source, Guid? apiKeyId, Guid? accountId, string? model, DateTimeOffset start, DateTimeOffset end)
    {
        parameters.AddWithValue("start", NpgsqlDbType.TimestampTz, start);
        parameters.AddWithValue("end", NpgsqlDbType.TimestampTz, end);
        var clauses = new List<string> { $"{source.TimeColumn} >= @start", $"{source.TimeColumn} < @end" };
        if (apiKeyId is { } key)
        {
            parameters.AddWithValue("api_key_id", NpgsqlDbType.Uuid, key);
            clauses.Add("api_key_id = @api_key_id");
        }

        if (accountId is { } account)
        {
            parameters.AddWithValue("account_id", NpgsqlDbType.Uuid, account);
            clauses.Add("account_id = @account_id");
        }

        if (model is not null)
        {
            parameters.AddWithValue("model", NpgsqlDbType.Text, model);
            clauses.Add("model = @model");
            if (source.OwnRows is { } own)
            {
                clauses.Add(own);
            }
        }

        return string.Join(" AND ", clauses);
    }

    // The clauses that apply, joined.
    private static string And(string filters, params string?[] conditions) =>
        string.Join(" AND ", conditions.Where(condition => condition is not null).Prepend(filters));

    // A group whose counters the answer shows are all zero is left out, as the legacy backend
    // leaves out empty buckets: migrated residuals can hold ephemeral cache tokens alone.
    private static string VisibleCounters(UsageQuerySource source) =>
        $"sum({source.RequestsColumn}) <> 0 OR sum(input_tokens) <> 0 OR sum(output_tokens) <> 0 OR sum(cache_create_tokens) <> 0 OR sum(cache_read_tokens) <> 0 "
        + $"OR sum({source.TotalTokensColumn}) <> 0 OR sum(cost) <> 0";

    private string Period(UsageQuerySource source, Granularity granularity, NpgsqlCommand command) => Period(source, granularity, command.Parameters);

    private string Period(UsageQuerySource source, Granularity granularity, NpgsqlBatchCommand command) => Period(source, granularity, command.Parameters);

    // The bucket label in the configured offset, in the legacy formats.
    private string Period(UsageQuerySource source, Granularity granularity, NpgsqlParameterCollection parameters)
    {
        parameters.AddWithValue("offset_hours", NpgsqlDbType.Integer, buckets.OffsetHours);
        var format = granularity switch
        {
            Granularity.Hour => "YYYY-MM-DD:HH24",
            Granularity.Month => "YYYY-MM",
            _ => "YYYY-MM-DD",
        };
        var hour = source.TimeColumn == "hour" ? "hour" : $"date_trunc('hour', {source.TimeColumn})";
        return $"to_char(({hour} AT TIME ZONE 'UTC') + make_interval(hours => @offset_hours), '{format}')";
    }

    private IReadOnlyList<CostTrendPoint> Trend(Dictionary<string, decimal> dailyCosts, DateTimeOffset start, DateTimeOffset end)
    {
        var points = new List<CostTrendPoint>();
        decimal previous = 0;
        for (var day = buckets.StartOfDay(start); day < end; day = day.AddDays(1))
        {
            var label = buckets.Date(day);
            var cost = dailyCosts.GetValueOrDefault(label);
            points.Add(new CostTrendPoint(label, cost, points.Count == 0 ? 0 : cost - previous));
            previous = cost;
        }

        return points;
    }

    // The current day or month of a key, as its bucket of that granularity shows it.
    private static NpgsqlBatchCommand KeyPeriodSum(Guid apiKeyId, DateTimeOffset from, DateTimeOffset now, Granularity granularity) =>
        Command($"""
            SELECT coalesce(sum(requests), 0), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
                   coalesce(sum(cache_create_tokens), 0), coalesce(sum(cache_read_tokens), 0), coalesce(sum(total_tokens), 0), coalesce(sum(cost), 0)
            FROM usage_key_model_all WHERE {And("api_key_id = $1 AND hour >= $2 AND hour < $3", UsageQuerySource.KeyRollups.Within(granularity))}
            """, apiKeyId, from, now.AddHours(1));

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, values);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, params object[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    // requests, the four token counts, total tokens and cost, from column first on.
    private static UsageCounts ReadCounts(NpgsqlDataReader reader, int first) => new()
    {
        Requests = reader.GetInt64(first),
        InputTokens = reader.GetInt64(first + 1),
        OutputTokens = reader.GetInt64(first + 2),
        CacheCreateTokens = reader.GetInt64(first + 3),
        CacheReadTokens = reader.GetInt64(first + 4),
        TotalTokens = reader.GetInt64(first + 5),
        Cost = reader.GetDecimal(first + 6),
    };

    private static UsageCounts Add(UsageCounts a, UsageCounts b) => new()
    {
        Requests = a.Requests + b.Requests,
        InputTokens = a.InputTokens + b.InputTokens,
        OutputTokens = a.OutputTokens + b.OutputTokens,
        CacheCreateTokens = a.CacheCreateTokens + b.CacheCreateTokens,
        CacheReadTokens = a.CacheReadTokens + b.CacheReadTokens,
        TotalTokens = a.TotalTokens + b.TotalTokens,
        Cost = a.Cost + b.Cost,
    };

    private static UsageStatsRow Row(string period, UsageCounts counts, Dictionary<string, UsageCounts>? groups) => new()
    {
        Date = period,
        Requests = counts.Requests,
        InputTokens = counts.InputTokens,
        OutputTokens = counts.OutputTokens,
        CacheCreateTokens = counts.CacheCreateTokens,
        CacheReadTokens = counts.CacheReadTokens,
        TotalTokens = counts.TotalTokens,
        Cost = counts.Cost,
        Groups = groups,
    };

    private static UsageSummary Summarize(IReadOnlyList<UsageStatsRow> rows)
    {
        var requests = rows.Sum(row => row.Requests);
        var tokens = rows.Sum(row => row.TotalTokens);
        var cost = rows.Sum(row => row.Cost);
        return new UsageSummary(requests, tokens, cost, tokens == 0 ? 0 : Math.Round(cost / tokens, 12));
    }

    private static async Task<List<string>> PartitionsEndingBeforeAsync(NpgsqlConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'usage_events'::regclass", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (UsagePartitionName.TryParseMonth(name, out var month) && month.AddMonths(1) <= cutoff)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        AddParameters(command.Parameters, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
