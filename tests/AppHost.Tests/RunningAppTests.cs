using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Support;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AppHost.Tests;

public sealed class RunningAppTests(RunningApp running) : IClassFixture<RunningApp>
{
    private DistributedApplication App => running.App;

    private ResourceNotificationService Notifications => App.ResourceNotifications;

    [Fact]
    public async Task The_migration_finished_with_exit_code_0_before_dataservice_started()
    {
        await Notifications.WaitForResourceAsync("migration", KnownResourceStates.Finished).WithinAsync(TimeSpan.FromSeconds(5), running.Logs);

        Assert.True(Notifications.TryGetCurrentState("migration", out var migration));
        Assert.True(Notifications.TryGetCurrentState("dataservice", out var dataService));
        Assert.Equal(0, migration.Snapshot.ExitCode);
        Assert.True(
            migration.Snapshot.StopTimeStamp <= dataService.Snapshot.StartTimeStamp,
            $"migration stopped at {migration.Snapshot.StopTimeStamp:O}, dataservice started at {dataService.Snapshot.StartTimeStamp:O}");
    }

    [Theory]
    [InlineData("dataservice")]
    [InlineData("gateway")]
    public async Task A_project_is_healthy_and_answers_its_health_endpoint(string resource)
    {
        await Notifications.WaitForResourceHealthyAsync(resource).WithinAsync(TimeSpan.FromSeconds(5), running.Logs);

        using var client = App.CreateHttpClient(resource);
        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_an_api_key_through_dataservice_and_reads_it_back()
    {
        using var client = App.CreateHttpClient("dataservice");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApp.AdminToken);

        using var created = await client.PostAsJsonAsync("/api/v1/apikeys", new { name = "created-through-the-apphost" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("id").GetString();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/apikeys/{id}");

        Assert.Equal("created-through-the-apphost", read.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Dataservice_refuses_a_caller_without_a_configured_token()
    {
        using var client = App.CreateHttpClient("dataservice");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-configured-token");

        using var response = await client.GetAsync("/api/v1/apikeys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Connection_strings_have_the_formats_Aspire_injects_and_reach_the_servers()
    {
        var postgres = await App.GetConnectionStringAsync("postgres");
        var redis = await App.GetConnectionStringAsync("redis");

        Assert.Matches("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[A-Za-z0-9]{22};Database=relay$", postgres);
        Assert.Matches("^localhost:[0-9]+,password=[A-Za-z0-9]{22}$", redis);
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("relay", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Generated_secrets_are_kept_for_the_next_run_and_no_secret_reaches_the_log()
    {
        var stateDirectory = App.Services.GetRequiredService<IConfiguration>()["AppHost:StateDirectory"]!;
        var parameterFile = Path.Combine(stateDirectory, "parameters.json");
        var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(parameterFile))!;

        Assert.Equal(
            ["Parameters:encryption-key", "Parameters:postgres-server-password", "Parameters:redis-password", "Parameters:service-token"],
            stored.Keys.Order());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(parameterFile));
        var secrets = stored.Values.Append(TestApp.AdminToken).ToList();
        Assert.DoesNotContain(running.Logs.Lines, line => secrets.Any(line.Contains));
    }
}
