using Gateway;
using Gateway.Accounts;
using Gateway.Authentication;
using Gateway.Forwarding;
using Gateway.Limits;
using Gateway.Pricing;
using Gateway.Routing;
using Gateway.Telemetry;
using Gateway.Usage;

// Read by the runtime once, when the first socket is made, so set before anything else runs
// (README, "Performance settings"); an operator's own value, 0 included, is kept.
if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayOptions();
builder.AddGatewayTelemetry();
builder.AddGatewayStorage();

// In the order a request meets them.
builder.AddKeyAuthentication();
builder.AddRequestLimits();
builder.AddAccountChoice();
builder.AddForwarding();
builder.AddPricing();
builder.AddUsageRecording();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapRelayRoutes();

app.Run();

public partial class Program
{
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
}
