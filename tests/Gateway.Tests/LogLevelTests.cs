using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests;

// The gateway's appsettings.json keeps the lines it would write for every request or every
// DataService call below its default level, Information, and its own lines at it.
public sealed class LogLevelTests(GatewayEnvironment environment) : IClassFixture<GatewayEnvironment>
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Yarp.ReverseProxy.Forwarder.HttpForwarder")]
    [InlineData("Polly")]
    public void A_per_call_category_logs_warnings_but_not_information(string category)
    {
        var logger = environment.Gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void The_gateways_own_lines_log_at_information() =>
        Assert.True(environment.Gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Pricing.PriceTable").IsEnabled(LogLevel.Information));
}
