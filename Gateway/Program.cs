using Gateway;
using Gateway.Accounts;
using Gateway.Authentication;
using Gateway.Forwarding;
using Gateway.Limits;
using Gateway.Pricing;
using Gateway.Routing;
using Gateway.Telemetry;
using Gateway.Usage;

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

public partial class Program;
