using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

public sealed class HealthEndpointTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        using var client = environment.Gateway.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
