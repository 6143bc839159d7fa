using System.Net;

namespace MigrationService.Tests;

public sealed class HealthEndpointTests(RunningMigrationServiceFactory factory) : IClassFixture<RunningMigrationServiceFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_report_healthy_while_the_worker_runs(string path)
    {
        using var client = factory.CreateClient();
        await factory.HoldOpen.Reached.WaitAsync(TimeSpan.FromSeconds(60));

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
