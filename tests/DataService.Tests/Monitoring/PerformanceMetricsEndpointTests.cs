using System.Net;
using System.Text.Json;
using DataService.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataService.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class PerformanceMetricsEndpointTests(MonitoredService service)
{
    private const string NotFound = "DB_RECORD_NOT_FOUND";

    [Fact]
    public async Task Figures_move_when_the_api_does_work()
    {
        using var client = service.Instance.CreateAdminClient();
        var before = Counts();

        var created = await client.PostDataAsync("/api/v1/apikeys", new { name = "monitoring-metrics" });
        var hashedKey = created.GetProperty("hashedKey").GetString();
        for (var i = 0; i < 3; i++)
        {
            await client.PostDataAsync("/api/v1/apikeys/validate", new { hashedKey });
        }

        var (status, _) = await client.SendAsync(HttpMethod.Get, $"/api/v1/apikeys/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, status);

        // ASP.NET Core counts a request when it is over, which may be just after the answer.
        var after = await Eventually.UntilAsync(
            () => Task.FromResult(Counts()), counts => counts.Requests >= before.Requests + 5, "the API requests to be counted");
        Assert.True(after.Statements > before.Statements, "the API's statements are counted");
        Assert.True(after.CacheHits >= before.CacheHits + 2, "validations after the first are answered by the cache");
        Assert.Equal(before.Failures.GetValueOrDefault(NotFound) + 1, after.Failures.GetValueOrDefault(NotFound));

        var metrics = await client.GetMetricsAsync("5m");
        Assert.True(metrics.GetProperty("database").GetProperty("avgQueryTime").GetDouble() > 0);
        var cache = metrics.GetProperty("cache");
        Assert.True(cache.GetProperty("hitRate").GetDouble() > 0);
        Assert.Equal(1, cache.GetProperty("hitRate").GetDouble() + cache.GetProperty("missRate").GetDouble(), precision: 9);
        Assert.True(cache.GetProperty("evictionRate").GetDouble() >= 0);
        var errors = metrics.GetProperty("errors");
        Assert.True(errors.GetProperty("types").GetProperty(NotFound).GetInt64() >= 1);
        Assert.True(errors.GetProperty("rate").GetDouble() > 0);
    }

    [Fact]
    public async Task The_connection_pool_is_sampled()
    {
        using var client = service.Instance.CreateAdminClient();

        var pool = await Eventually.UntilAsync(
            async () => (await client.GetMetricsAsync()).GetProperty("database").GetProperty("connectionPool"),
            pool => pool.GetProperty("waitTime").GetDouble() > 0,
            "a connection checkout to be measured");

        var utilization = pool.GetProperty("utilization").GetDouble();
        Assert.InRange(utilization, 0, 1);
    }

    [Fact]
    public async Task Statements_over_the_threshold_count_as_slow()
    {
        using var client = service.Instance.CreateAdminClient();
        var before = (await client.GetMetricsAsync()).GetProperty("database").GetProperty("slowQueries").GetInt64();

        await using (var command = service.Instance.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT pg_sleep(0.15)"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var after = (await client.GetMetricsAsync()).GetProperty("database").GetProperty("slowQueries").GetInt64();
        Assert.True(after > before, $"slowQueries went from {before} to {after}");
    }

    [Theory]
    [InlineData("5m")]
    [InlineData("1h")]
    [InlineData("24h")]
    [InlineData("7d")]
    public async Task Every_time_range_of_the_contract_answers_the_whole_shape(string timeRange)
    {
        using var client = service.Instance.CreateAdminClient();

        var metrics = await client.GetMetricsAsync(timeRange);

        AssertNumbers(metrics.GetProperty("database"), "avgQueryTime", "slowQueries");
        AssertNumbers(metrics.GetProperty("database").GetProperty("connectionPool"), "utilization", "waitTime");
        AssertNumbers(metrics.GetProperty("cache"), "hitRate", "missRate", "evictionRate");
        AssertNumbers(metrics.GetProperty("errors"), "rate");
        Assert.Equal(JsonValueKind.Object, metrics.GetProperty("errors").GetProperty("types").ValueKind);
    }

    [Fact]
    public async Task The_time_range_defaults_to_an_hour()
    {
        using var client = service.Instance.CreateAdminClient();

        var (status, body) = await client.SendAsync(HttpMethod.Get, "/api/v1/monitoring/metrics");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("2h")]
    [InlineData("5M")]
    [InlineData("week")]
    public async Task Other_time_ranges_are_refused(string timeRange)
    {
        using var client = service.Instance.CreateAdminClient();

        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/monitoring/metrics?timeRange={timeRange}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("DB_INVALID_QUERY", body.GetProperty("code").GetString());
        Assert.Equal("timeRange", body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Monitoring_needs_an_admin_token()
    {
        using var client = service.Instance.CreateClient();

        var (status, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/monitoring/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private MetricCounts Counts() =>
        service.Instance.Services.GetRequiredService<MetricTimeline>().Sum(TimeSpan.FromMinutes(5)).Counts;

    private static void AssertNumbers(JsonElement section, params string[] names)
    {
        foreach (var name in names)
        {
            Assert.Equal(JsonValueKind.Number, section.GetProperty(name).ValueKind);
        }
    }
}
