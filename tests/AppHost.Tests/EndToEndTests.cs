using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Support;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace AppHost.Tests;

// The whole app as Program.cs describes it, started once for these tests: local PostgreSQL and
// Redis as executables, the migration, the DataService and the Gateway.
public sealed class EndToEndTests(RunningApp running) : IClassFixture<RunningApp>
{
    private static readonly TimeSpan s_usageVisibleWithin = TimeSpan.FromSeconds(30);

    private DistributedApplication App => running.App;

    [Fact]
    public async Task The_migration_finished_with_exit_code_0_before_dataservice_started()
    {
        var migration = await App.ResourceNotifications.WaitForResourceAsync("migration", e => e.Snapshot.State?.Text == KnownResourceStates.Finished)
            .WithinAsync(TimeSpan.FromSeconds(10), running.Logs);

        Assert.True(App.ResourceNotifications.TryGetCurrentState("dataservice", out var dataService));
        Assert.Equal(0, migration.Snapshot.ExitCode);
        Assert.True(
            migration.Snapshot.StopTimeStamp <= dataService.Snapshot.StartTimeStamp,
            $"migration stopped at {migration.Snapshot.StopTimeStamp:O}, dataservice started at {dataService.Snapshot.StartTimeStamp:O}");
    }

    [Theory]
    [InlineData("postgres-server")]
    [InlineData("postgres")]
    [InlineData("redis")]
    [InlineData("dataservice")]
    [InlineData("gateway")]
    public async Task Every_server_and_service_is_healthy(string resource)
    {
        var healthy = await App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WithinAsync(TimeSpan.FromSeconds(10), running.Logs);

        Assert.Equal(KnownResourceStates.Running, healthy.Snapshot.State?.Text);
    }

    [Fact]
    public async Task An_admin_creates_a_key_records_usage_for_it_and_reads_it_back_in_the_stats()
    {
        using var client = App.CreateHttpClient("dataservice");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await App.ParameterValueAsync("admin-token"));

        using var created = await client.PostAsJsonAsync("/api/v1/apikeys", new { name = "created-through-the-apphost" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var keyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("id").GetString();
        var now = DateTimeOffset.UtcNow;
        using var recorded = await client.PostAsJsonAsync("/api/v1/usage", new { apiKeyId = keyId, model = "claude-sonnet-4-20250514", inputTokens = 1200, outputTokens = 345, timestamp = now });
        Assert.True(recorded.IsSuccessStatusCode, $"{(int)recorded.StatusCode}: {await recorded.Content.ReadAsStringAsync()}");

        // Usage is written behind through a Redis stream, so it shows in the stats shortly after.
        var statsUrl = $"/api/v1/usage/stats?apiKeyId={keyId}&startDate={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}&endDate={Uri.EscapeDataString(now.AddDays(1).ToString("O"))}";
        var summary = await EventuallyAsync(async () =>
        {
            var stats = await client.GetFromJsonAsync<JsonElement>(statsUrl);
            var summary = stats.GetProperty("data").GetProperty("summary");
            return summary.GetProperty("totalRequests").GetInt64() > 0 ? summary : (JsonElement?)null;
        });

        Assert.Equal(1, summary.GetProperty("totalRequests").GetInt64());
        Assert.Equal(1545, summary.GetProperty("totalTokens").GetInt64());
    }

    [Fact]
    public async Task Dataservice_refuses_a_caller_without_a_configured_token()
    {
        using var client = App.CreateHttpClient("dataservice");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-configured-token");

        using var response = await client.GetAsync("/api/v1/apikeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow + s_usageVisibleWithin;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The recorded usage did not show in the stats within {s_usageVisibleWithin}. The app's last lines:{Environment.NewLine}{running.Logs.Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
