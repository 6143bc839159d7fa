using System.Text.Json;

namespace DataService.Tests.Monitoring;

// Alerts on a count the tests control: requests for unknown keys fail with
// DB_RECORD_NOT_FOUND, and the alert window is two seconds, so the condition holds while the
// requests go on and stops holding shortly after they stop.
[Collection(MonitoringCollection.Name)]
public sealed class AlertDeliveryTests(MonitoredService service) : IAsyncLifetime
{
    private const string Metric = "errors.types.DB_RECORD_NOT_FOUND";

    private readonly HttpClient _client = service.Instance.CreateAdminClient();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task An_alert_fires_after_its_duration_and_resolves_each_notified_once()
    {
        var alertId = await CreateAlertAsync("fire-and-resolve", duration: 1);

        await Eventually.WhileAsync(FailAsync, () => _receiver.Accepted("fire-and-resolve").Count > 0, "the alert to fire");
        var firing = Assert.Single(_receiver.Accepted("fire-and-resolve"));
        Assert.Equal("firing", Status(firing));
        Assert.NotEqual(JsonValueKind.Null, (await StateOfAsync(alertId)).GetProperty("lastFiredAt").ValueKind);

        var notifications = await Eventually.UntilAsync(
            () => Task.FromResult(_receiver.Accepted("fire-and-resolve")), received => received.Count > 1, "the alert to resolve");
        Assert.Equal(["firing", "resolved"], notifications.Select(Status));
        Assert.Equal("ok", (await StateOfAsync(alertId)).GetProperty("state").GetString());

        Assert.Equal(alertId, firing.GetProperty("alertId").GetGuid());
        Assert.Equal(Metric, firing.GetProperty("metric").GetString());
        Assert.Equal(">", firing.GetProperty("operator").GetString());
        Assert.Equal(0, firing.GetProperty("threshold").GetDouble());
        Assert.True(firing.GetProperty("value").GetDouble() > 0);
        var since = firing.GetProperty("since").GetDateTimeOffset();
        Assert.True(firing.GetProperty("at").GetDateTimeOffset() - since >= TimeSpan.FromSeconds(1), "fired only after holding for the duration");

        var resolved = notifications[1];
        Assert.Equal(0, resolved.GetProperty("value").GetDouble());
        Assert.Equal(since, resolved.GetProperty("since").GetDateTimeOffset());
        await DeleteAlertAsync(alertId);
    }

    [Fact]
    public async Task A_webhook_that_refuses_the_first_attempts_still_gets_the_notification_once()
    {
        _receiver.RefuseFirst("flaky", attempts: 2);
        var alertId = await CreateAlertAsync("flaky", duration: 0);

        await Eventually.WhileAsync(FailAsync, () => _receiver.Accepted("flaky").Count > 0, "the retried notification");

        var firing = Assert.Single(_receiver.Accepted("flaky"));
        Assert.Equal("firing", Status(firing));
        Assert.Equal(3, _receiver.Attempts("flaky"));
        await Eventually.UntilAsync(() => Task.FromResult(_receiver.Accepted("flaky", "resolved").Count), count => count > 0, "the alert to resolve");
        Assert.Single(_receiver.Accepted("flaky", "firing"));
        await DeleteAlertAsync(alertId);
    }

    [Fact]
    public async Task With_two_instances_each_transition_is_notified_once()
    {
        service.StartInstance();
        var alertId = await CreateAlertAsync("two-instances", duration: 0);

        await Eventually.WhileAsync(FailAsync, () => _receiver.Accepted("two-instances").Count > 0, "the alert to fire");
        var notifications = await Eventually.UntilAsync(
            () => Task.FromResult(_receiver.Accepted("two-instances")), received => received.Count > 1, "the alert to resolve");

        Assert.Equal(["firing", "resolved"], notifications.Select(Status));
        Assert.Equal(2, _receiver.Attempts("two-instances"));
        await DeleteAlertAsync(alertId);
    }

    private async Task<Guid> CreateAlertAsync(string hook, int duration)
    {
        var created = await _client.PostDataAsync("/api/v1/monitoring/alerts", new
        {
            metric = Metric,
            threshold = 0,
            @operator = ">",
            duration,
            webhook = _receiver.UrlOf(hook),
        });
        return created.GetProperty("id").GetGuid();
    }

    private Task FailAsync() => _client.SendAsync(HttpMethod.Get, $"/api/v1/apikeys/{Guid.NewGuid()}");

    private async Task<JsonElement> StateOfAsync(Guid alertId) =>
        (await _client.GetDataAsync("/api/v1/monitoring/alerts")).EnumerateArray().Single(alert => alert.GetProperty("id").GetGuid() == alertId);

    private Task DeleteAlertAsync(Guid alertId) => _client.SendAsync(HttpMethod.Delete, $"/api/v1/monitoring/alerts/{alertId}");

    private static string Status(JsonElement notification) => notification.GetProperty("status").GetString()!;
}
