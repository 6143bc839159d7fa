using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Gateway.Telemetry;

public static class TelemetryServices
{
    public static IHostApplicationBuilder AddGatewayTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(GatewayMetrics.MeterName));
        return builder;
    }
}
