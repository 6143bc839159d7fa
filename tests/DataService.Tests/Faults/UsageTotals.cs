using System.Globalization;
using DataAccess.Usage;
using Npgsql;
using StackExchange.Redis;

namespace DataService.Tests.Faults;

// What a set of usage records adds up to, as one ledger holds it. Events is the number of
// records where the ledger keeps them one by one (usage_events), null where it keeps sums only.
public sealed record UsageTotals(long? Events, long Requests, long InputTokens, long OutputTokens, long CacheCreateTokens, long CacheReadTokens, decimal Cost)
{
    public static UsageTotals Of(IReadOnlyCollection<UsageRecord> records) => new(
        records.Count,
        records.Sum(record => (long)record.RequestCount),
        records.Sum(record => record.InputTokens),
        records.Sum(record => record.OutputTokens),
        records.Sum(record => record.CacheCreateTokens),
        records.Sum(record => record.CacheReadTokens),
        records.Sum(record => record.Cost));

    public bool Matches(UsageTotals expected) =>
        (Events is null || Events == expected.Events)
        && (Requests, InputTokens, OutputTokens, CacheCreateTokens, CacheReadTokens, Cost)
        == (expected.Requests, expected.InputTokens, expected.OutputTokens, expected.CacheCreateTokens, expected.CacheReadTokens, expected.Cost);

    public static string Header => $"{"",-34}{"events",9}{"requests",10}{"input",11}{"output",10}{"cacheCreate",12}{"cacheRead",11}{"cost",11}";

    public string Row(string ledger) =>
        $"{ledger,-34}{Events?.ToString(CultureInfo.InvariantCulture) ?? "-",9}{Requests,10}{InputTokens,11}{OutputTokens,10}{CacheCreateTokens,12}{CacheReadTokens,11}{Cost,11:0.####}";

    // The key's events, one row each (partitioned usage_events).
    public static Task<UsageTotals> PostgresEventsAsync(string connectionString, Guid keyId) => ReadAsync(
        connectionString,
        """
        SELECT count(*), coalesce(sum(request_count), 0)::bigint, coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
               coalesce(sum(cache_create_tokens), 0)::bigint, coalesce(sum(cache_read_tokens), 0)::bigint, coalesce(sum(cost), 0)
        FROM usage_events WHERE api_key_id = @key
        """,
        keyId);

    // The key's lifetime totals (usage_totals_key), which the summary and limits read.
    public static Task<UsageTotals> PostgresKeyTotalsAsync(string connectionString, Guid keyId) => ReadAsync(
        connectionString,
        """
        SELECT NULL::bigint, coalesce(sum(requests), 0)::bigint, coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
               coalesce(sum(cache_create_tokens), 0)::bigint, coalesce(sum(cache_read_tokens), 0)::bigint, coalesce(sum(cost), 0)
        FROM usage_totals_key WHERE api_key_id = @key
        """,
        keyId);

    // The key's hourly rollups, which the stats read.
    public static Task<UsageTotals> PostgresHourlyAsync(string connectionString, Guid keyId) => ReadAsync(
        connectionString,
        """
        SELECT NULL::bigint, coalesce(sum(requests), 0)::bigint, coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
               coalesce(sum(cache_create_tokens), 0)::bigint, coalesce(sum(cache_read_tokens), 0)::bigint, coalesce(sum(cost), 0)
        FROM usage_hourly_key_model WHERE api_key_id = @key
        """,
        keyId);

    // Event ids claimed once each in usage_event_ids (all keys: the database is the test's own).
    public static async Task<long> PostgresEventIdsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM usage_event_ids", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // The relay's lifetime counters of the key: usage:{keyId} and usage:cost:total:{keyId}.
    public static async Task<UsageTotals> LegacyAsync(IDatabase redis, Guid keyId)
    {
        var fields = (await redis.HashGetAllAsync($"usage:{keyId}")).ToDictionary(entry => entry.Name.ToString(), entry => (long)entry.Value);
        var cost = await redis.StringGetAsync($"usage:cost:total:{keyId}");
        return new UsageTotals(
            null,
            fields.GetValueOrDefault("totalRequests"),
            fields.GetValueOrDefault("totalInputTokens"),
            fields.GetValueOrDefault("totalOutputTokens"),
            fields.GetValueOrDefault("totalCacheCreateTokens"),
            fields.GetValueOrDefault("totalCacheReadTokens"),
            cost.IsNull ? 0 : decimal.Parse(cost.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static async Task<UsageTotals> ReadAsync(string connectionString, string sql, Guid keyId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", keyId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new UsageTotals(
            reader.IsDBNull(0) ? null : reader.GetInt64(0),
            reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetDecimal(6));
    }
}
