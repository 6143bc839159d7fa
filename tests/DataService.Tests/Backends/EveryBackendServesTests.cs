using System.Net;
using DataService.Tests.Endpoints;
using DataService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataService.Tests.Backends;

// Every DATABASE_TYPE starts as a real host with only the settings that mode needs, and
// answers a smoke round of the API; health and monitoring report the stores the mode has.
public sealed class EveryBackendServesTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddDays(-1);

    // The AppHost hands every mode both connection strings; in redis mode the PostgreSQL one
    // is unused, and the host (validating its services in Development) must still start.
    [Fact]
    public async Task The_redis_mode_starts_when_a_postgres_connection_string_is_also_given()
    {
        var (host, servers) = await BackendHostFactory.StartAsync("redis", null, new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = TestSupport.TestServers.Postgres });
        await using var _ = servers;

        var created = await host.Admin().PostApiAsync("/api/v1/apikeys", new { name = "redis-mode-with-postgres-configured" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Theory]
    [InlineData("redis", null)]
    [InlineData("dual", "redis")]
    [InlineData("dual", "postgres")]
    [InlineData("hybrid", null)]
    [InlineData("postgres", null)]
    public async Task The_service_starts_and_answers_a_smoke_round(string mode, string? readFrom)
    {
        var (host, servers) = await BackendHostFactory.StartAsync(mode, readFrom);
        await using var _ = servers;
        var admin = host.Admin();

        var created = await admin.PostApiAsync("/api/v1/apikeys", new { name = $"smoke-{mode}", limits = new { concurrencyLimit = 2 } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var key = created.Data.GetProperty("id").GetString();
        var validated = await admin.PostApiAsync("/api/v1/apikeys/validate", new { hashedKey = created.Data.GetProperty("hashedKey").GetString() });
        Assert.Equal(key, validated.Data.GetProperty("id").GetString());

        var recorded = await admin.PostApiAsync("/api/v1/usage", new
        {
            apiKeyId = key,
            model = "claude-sonnet-4-20250514",
            inputTokens = 1000,
            outputTokens = 500,
            cost = 0.0105,
        });
        Assert.True(recorded.Success, recorded.Error);
        var summary = await ApiKeyEndpointTests.PollAsync(
            () => admin.GetApiAsync($"/api/v1/apikeys/{key}/usage/summary"),
            response => response.Success && response.Data.GetProperty("total").GetProperty("requests").GetInt64() == 1);
        Assert.Equal(1500, summary.Data.GetProperty("total").GetProperty("totalTokens").GetInt64());
        var range = $"startDate={Uri.EscapeDataString(Start.ToString("O"))}&endDate={Uri.EscapeDataString(Start.AddDays(2).ToString("O"))}";
        var stats = await admin.GetApiAsync($"/api/v1/usage/stats?apiKeyId={key}&{range}&granularity=day&groupBy=model");
        Assert.Equal(1, stats.Data.GetProperty("summary").GetProperty("totalRequests").GetInt64());
        Assert.Equal(0.0105m, stats.Data.GetProperty("summary").GetProperty("totalCost").GetDecimal());

        var account = await admin.PostApiAsync("/api/v1/accounts/claude", new
        {
            name = $"smoke-{mode}",
            oauthData = new { accessToken = "sk-ant-oat01-smoke", refreshToken = "sk-ant-ort01-smoke", scopes = new[] { "user:inference" }, expiresAt = DateTimeOffset.UtcNow.AddHours(8) },
        });
        Assert.Equal(HttpStatusCode.Created, account.Status);
        var read = await admin.GetApiAsync($"/api/v1/accounts/claude/{account.Data.GetProperty("id").GetString()}");
        Assert.Equal("active", read.Data.GetProperty("status").GetString());

        Assert.True((await admin.GetApiAsync("/api/v1/monitoring/metrics?timeRange=5m")).Success);
        Assert.True((await admin.GetApiAsync("/api/v1/monitoring/queries")).Success);
        var alert = await admin.PostApiAsync("/api/v1/monitoring/alerts", new { metric = "errors.rate", threshold = 0.5, @operator = ">", duration = 60 });
        if (mode == "redis")
        {
            Assert.Equal(HttpStatusCode.BadRequest, alert.Status);
            Assert.Contains("PostgreSQL", alert.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, alert.Status);
        }

        var storage = await admin.GetApiAsync("/api/v1/storage/health");
        Assert.Equal(mode != "redis", storage.Data.GetProperty("postgres").GetProperty("connected").GetBoolean());
        Assert.Equal(mode != "postgres", storage.Data.GetProperty("redis").GetProperty("connected").GetBoolean());
        var health = await host.CreateClient().GetAsync("/health");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        var checks = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(check => check.Name).ToList();
        Assert.Equal(mode != "redis", checks.Any(name => name.Contains("postgres", StringComparison.OrdinalIgnoreCase)));
    }
}
