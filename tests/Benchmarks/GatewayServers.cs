using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace Benchmarks;

// The two servers the gateway benchmark runs beside the gateway, each in its own process:
// the stand-in Anthropic API, and the bare YARP pass-through (one catch-all route to the
// stand-in, no checks) that is the ceiling the gateway's checks spend from.
internal static class GatewayServers
{
    public const string StandInMode = "gateway-standin";
    public const string PassThroughMode = "gateway-passthrough";
    public const string UpstreamVariable = "PASSTHROUGH_UPSTREAM";

    public static async Task<int> RunStandInAsync(string[] args)
    {
        var port = new Uri(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")!.Split(';')[0]).Port;
        await using var standIn = new AnthropicStandIn { Record = false };
        await standIn.StartAsync(port);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    public static async Task<int> RunPassThroughAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        app.MapForwarder("/{**catch-all}", Environment.GetEnvironmentVariable(UpstreamVariable)!);
        await app.RunAsync();
        return 0;
    }
}
