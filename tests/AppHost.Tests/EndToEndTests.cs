using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Support;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using TestSupport;

namespace AppHost.Tests;

// The whole app as Program.cs describes it, started once for these tests: local PostgreSQL and
// Redis as executables, the migration, the DataService and the Gateway, relaying to a stand-in
// Anthropic API.
public sealed class EndToEndTests(RunningApp running) : IClassFixture<RunningApp>
{
    private static readonly TimeSpan s_usageVisibleWithin = TimeSpan.FromSeconds(30);

    // Longer than the gateway's account refresh interval (10 s), its fallback when it misses the
    // change notification.
    private static readonly TimeSpan s_accountSchedulableWithin = TimeSpan.FromSeconds(15);

    private DistributedApplication App => running.App;

    [Fact]
    public async Task The_migration_finished_with_exit_code_0_before_dataservice_started()
    {
        var migration = await App.ResourceNotifications.WaitForResourceAsync("migration", e => e.Snapshot.State?.Text == KnownResourceStates.Finished)
            .WithinAsync(TimeSpan.FromSeconds(10), running.Logs);
        Assert.Equal(0, migration.Snapshot.ExitCode);

        var states = running.States;
        var finished = IndexOf(states, "migration", state => state == KnownResourceStates.Finished);
        var dataServiceRunning = IndexOf(states, "dataservice", state => state == KnownResourceStates.Running);
        Assert.True(
            finished >= 0 && dataServiceRunning > finished,
            $"resource states in the order they were published: {string.Join(", ", states.Select(state => $"{state.Resource} {state.State}"))}");

        static int IndexOf(IReadOnlyList<(string Resource, string? State)> states, string resource, Func<string?, bool> matches) =>
            states.Select((state, index) => (state, index)).FirstOrDefault(entry => entry.state.Resource == resource && matches(entry.state.State), (default, -1)).index;
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
        using var client = await AdminClientAsync();

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
    public async Task Requests_through_the_gateway_reach_the_upstream_with_the_account_token_and_their_usage_shows_in_the_stats()
    {
        using var dataService = await AdminClientAsync();
        var accessToken = $"sk-ant-oat01-apphost-{Guid.NewGuid():N}";
        using var account = await dataService.PostAsJsonAsync("/api/v1/accounts/claude", new
        {
            name = "claude-through-the-apphost",
            oauthData = new { accessToken, refreshToken = $"refresh-{accessToken}", expiresAt = DateTimeOffset.UtcNow.AddDays(30), scopes = new[] { "user:inference", "user:profile" } },
        });
        Assert.True(account.StatusCode == HttpStatusCode.Created, $"{(int)account.StatusCode}: {await account.Content.ReadAsStringAsync()}");
        using var created = await dataService.PostAsJsonAsync("/api/v1/apikeys", new { name = "relayed-through-the-apphost" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var keyId = key.GetProperty("id").GetString();
        var apiKey = key.GetProperty("apiKey").GetString()!;
        using var gateway = App.CreateHttpClient("gateway");
        gateway.DefaultRequestHeaders.Add("x-api-key", apiKey);
        gateway.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;

        using var answered = await SendOnceTheAccountIsSchedulableAsync(gateway, stream: false, marker);
        using var streamed = await gateway.PostAsync("/v1/messages", Message(stream: true, marker));
        var answer = await answered.Content.ReadAsStringAsync();
        var events = await streamed.Content.ReadAsStringAsync();
        Assert.True(answered.StatusCode == HttpStatusCode.OK, $"{(int)answered.StatusCode}: {answer}");
        Assert.Contains("Hello from the stand-in.", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: message_stop", events, StringComparison.Ordinal);
        var statsUrl = $"/api/v1/usage/stats?apiKeyId={keyId}&startDate={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}&endDate={Uri.EscapeDataString(now.AddDays(1).ToString("O"))}";
        var summary = await EventuallyAsync(async () =>
        {
            var stats = await dataService.GetFromJsonAsync<JsonElement>(statsUrl);
            var summary = stats.GetProperty("data").GetProperty("summary");
            return summary.GetProperty("totalRequests").GetInt64() >= 2 ? summary : (JsonElement?)null;
        });

        var seen = running.Upstream.Requests.Where(request => request.Body.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, seen.Count);
        Assert.All(seen, request =>
        {
            Assert.Equal($"Bearer {accessToken}", request.Headers["authorization"]);
            Assert.DoesNotContain(apiKey, string.Join('\n', request.Headers.Values), StringComparison.Ordinal);
        });
        Assert.Equal(2, summary.GetProperty("totalRequests").GetInt64());
        Assert.Equal(2 * (AnthropicStandIn.InputTokens + AnthropicStandIn.OutputTokens + AnthropicStandIn.Ephemeral5m + AnthropicStandIn.Ephemeral1h + AnthropicStandIn.CacheRead), summary.GetProperty("totalTokens").GetInt64());
        Assert.Equal(2 * AnthropicStandIn.CostPerRequest, summary.GetProperty("totalCost").GetDecimal());
    }

    [Fact]
    public async Task Dataservice_refuses_a_caller_without_a_configured_token()
    {
        using var client = App.CreateHttpClient("dataservice");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-configured-token");

        using var response = await client.GetAsync("/api/v1/apikeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> AdminClientAsync()
    {
        var client = App.CreateHttpClient("dataservice");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await App.ParameterValueAsync("admin-token"));
        return client;
    }

    private static StringContent Message(bool stream, string marker) =>
        new(
            $$"""{"model":"{{AnthropicStandIn.Model}}","max_tokens":100,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{marker}}"}]}""",
            Encoding.UTF8,
            new MediaTypeHeaderValue("application/json"));

    // The gateway hears of a new account through the DataService's change notification, a
    // moment after the account was created; until then it has none to schedule.
    private async Task<HttpResponseMessage> SendOnceTheAccountIsSchedulableAsync(HttpClient gateway, bool stream, string marker)
    {
        var deadline = DateTime.UtcNow + s_accountSchedulableWithin;
        while (true)
        {
            var response = await gateway.PostAsync("/v1/messages", Message(stream, marker));
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
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
