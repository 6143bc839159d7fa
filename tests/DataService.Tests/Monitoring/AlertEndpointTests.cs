using System.Net;
using System.Text.Json;

namespace DataService.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class AlertEndpointTests(MonitoredService service)
{
    private const string Alerts = "/api/v1/monitoring/alerts";

    [Fact]
    public async Task An_alert_is_stored_listed_and_deleted()
    {
        using var client = service.Instance.CreateAdminClient();

        var (status, body) = await client.SendAsync(HttpMethod.Post, Alerts, new
        {
            metric = "database.avgQueryTime",
            threshold = 250.5,
            @operator = ">=",
            duration = 60,
            webhook = "https://alerts.example/hook?token=secret",
        });

        Assert.Equal(HttpStatusCode.Created, status);
        var created = body.GetProperty("data");
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("database.avgQueryTime", created.GetProperty("metric").GetString());
        Assert.Equal(250.5, created.GetProperty("threshold").GetDouble());
        Assert.Equal(">=", created.GetProperty("operator").GetString());
        Assert.Equal(60, created.GetProperty("duration").GetInt32());
        Assert.Equal("https://alerts.example/hook?token=secret", created.GetProperty("webhook").GetString());
        Assert.Equal("ok", created.GetProperty("state").GetString());

        var listed = await client.GetDataAsync(Alerts);
        Assert.Single(listed.EnumerateArray(), alert => alert.GetProperty("id").GetGuid() == id);

        var (deleted, _) = await client.SendAsync(HttpMethod.Delete, $"{Alerts}/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.DoesNotContain((await client.GetDataAsync(Alerts)).EnumerateArray(), alert => alert.GetProperty("id").GetGuid() == id);

        var (again, missing) = await client.SendAsync(HttpMethod.Delete, $"{Alerts}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Equal("DB_RECORD_NOT_FOUND", missing.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_webhook_is_optional_and_error_codes_are_metrics()
    {
        using var client = service.Instance.CreateAdminClient();

        var created = await client.PostDataAsync(Alerts, new { metric = "errors.types.DB_QUERY_TIMEOUT", threshold = 10, @operator = ">", duration = 0 });

        Assert.Equal(JsonValueKind.Null, created.GetProperty("webhook").ValueKind);
        await client.SendAsync(HttpMethod.Delete, $"{Alerts}/{created.GetProperty("id").GetGuid()}");
    }

    public static TheoryData<string, string> BadAlerts => new()
    {
        { """{ "metric": "database.nope", "threshold": 1, "operator": ">", "duration": 0 }""", "metric" },
        { """{ "metric": "errors.types.lower_case", "threshold": 1, "operator": ">", "duration": 0 }""", "metric" },
        { """{ "threshold": 1, "operator": ">", "duration": 0 }""", "metric" },
        { """{ "metric": "cache.hitRate", "operator": "<", "duration": 0 }""", "threshold" },
        { """{ "metric": "cache.hitRate", "threshold": 0.5, "operator": "<=", "duration": 0 }""", "operator" },
        { """{ "metric": "cache.hitRate", "threshold": 0.5, "operator": "<" }""", "duration" },
        { """{ "metric": "cache.hitRate", "threshold": 0.5, "operator": "<", "duration": -1 }""", "duration" },
        { """{ "metric": "cache.hitRate", "threshold": 0.5, "operator": "<", "duration": 0, "webhook": "ftp://example.com/x" }""", "webhook" },
        { """{ "metric": "cache.hitRate", "threshold": 0.5, "operator": "<", "duration": 0, "webhook": "/relative" }""", "webhook" },
    };

    [Theory]
    [MemberData(nameof(BadAlerts))]
    public async Task Bad_alerts_are_refused_naming_the_field(string json, string field)
    {
        using var client = service.Instance.CreateAdminClient();

        using var response = await client.PostAsync(Alerts, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DB_INVALID_QUERY", body.GetProperty("code").GetString());
        Assert.Equal(field, body.GetProperty("field").GetString());
    }
}
