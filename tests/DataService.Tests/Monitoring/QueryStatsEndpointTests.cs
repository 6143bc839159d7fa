using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataService.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class QueryStatsEndpointTests(MonitoredService service)
{
    [Fact]
    public async Task Statements_that_differ_only_in_literals_are_one_normalized_statement()
    {
        using var client = service.Instance.CreateAdminClient();
        for (var i = 1; i <= 3; i++)
        {
            await RunAsync($"SELECT count(*) FROM api_keys WHERE name = 'literal-{i}'  AND token_limit > {i * 1000}");
        }

        var stats = await client.GetDataAsync("/api/v1/monitoring/queries?limit=100");

        var frequent = stats.GetProperty("frequentQueries").EnumerateArray().ToList();
        var statement = Assert.Single(frequent, query => Text(query) == "SELECT count(*) FROM api_keys WHERE name = ? AND token_limit > ?");
        Assert.True(statement.GetProperty("callCount").GetInt64() >= 3);
        Assert.True(statement.GetProperty("totalDuration").GetDouble() > 0);
        Assert.DoesNotContain(frequent, query => Text(query).Contains("literal-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_slowest_statements_come_first_with_their_mean_duration()
    {
        using var client = service.Instance.CreateAdminClient();
        await RunAsync("SELECT pg_sleep(0.3) AS slowest");

        var stats = await client.GetDataAsync("/api/v1/monitoring/queries?limit=1");

        var slowest = Assert.Single(stats.GetProperty("slowQueries").EnumerateArray());
        Assert.Equal("SELECT pg_sleep(?) AS slowest", Text(slowest));
        Assert.True(slowest.GetProperty("avgDuration").GetDouble() >= 300);
        Assert.True(slowest.GetProperty("callCount").GetInt64() >= 1);
        Assert.True(slowest.GetProperty("lastExecuted").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Single(stats.GetProperty("frequentQueries").EnumerateArray());
    }

    [Fact]
    public async Task Statements_the_api_runs_through_ef_core_and_npgsql_are_listed()
    {
        using var client = service.Instance.CreateAdminClient();
        await client.PostDataAsync("/api/v1/apikeys", new { name = "monitoring-query-stats" });

        var stats = await client.GetDataAsync("/api/v1/monitoring/queries?limit=100");

        Assert.Contains(stats.GetProperty("frequentQueries").EnumerateArray(), query => Text(query).Contains("api_keys", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public async Task Limits_outside_1_to_100_are_refused(string limit)
    {
        using var client = service.Instance.CreateAdminClient();

        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/monitoring/queries?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("DB_INVALID_QUERY", body.GetProperty("code").GetString());
        Assert.Equal("limit", body.GetProperty("field").GetString());
    }

    private async Task RunAsync(string sql)
    {
        await using var command = service.Instance.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static string Text(JsonElement query) => query.GetProperty("query").GetString()!;
}
