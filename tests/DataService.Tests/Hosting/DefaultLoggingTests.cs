using DataService.Tests.Faults;
using DataService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace DataService.Tests.Hosting;

// The DataService as an operator runs it, logging at Information: the framework's lines for
// every request, every SQL command and every outgoing call stay off (appsettings.json), the
// service's own information lines stay on.
public sealed class DefaultLoggingTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private static readonly string[] s_perRequestCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing", "Microsoft.EntityFrameworkCore.Database.Command", "Npgsql.Command", "Npgsql.Copy",
    ];

    [Fact]
    public async Task Requests_write_no_log_line_each_at_the_default_level()
    {
        await using var database = await FaultDatabase.OnSharedClusterAsync();
        var settings = FaultSettings.Postgres(database.ConnectionString);
        settings["Logging__LogLevel__Default"] = "Information";
        await using var service = await DataServiceProcess.StartAsync(settings);
        using var client = service.CreateClient();

        var key = await FaultSteps.CreateKeyAsync(client);
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync($"/api/v1/apikeys/{key}")).EnsureSuccessStatusCode();
            var recorded = await client.PostApiAsync("/api/v1/usage", new { apiKeyId = key, model = "claude-sonnet-4-20250514", inputTokens = 10, outputTokens = 5 });
            Assert.True(recorded.Success, recorded.Error);
        }

        var lines = service.LogLines();
        Assert.DoesNotContain(lines, line => s_perRequestCategories.Any(category => line.Contains(category, StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith("info: Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
    }

    // Outgoing calls (token refreshes, alert webhooks) are rare in a test; the filter is read
    // from the host's configuration instead.
    [Fact]
    public void Outgoing_calls_log_retries_and_failures_but_not_each_call()
    {
        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Polly");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }
}
