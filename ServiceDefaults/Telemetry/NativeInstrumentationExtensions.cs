using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

// ASP.NET Core, HttpClient and the runtime emit activities and metrics natively on .NET 10;
// the OpenTelemetry instrumentation packages the Aspire template calls mostly subscribe to
// these names, so subscribing to them directly gives the same telemetry without them.
internal static class NativeInstrumentationExtensions
{
    internal const string AspNetCoreActivitySource = "Microsoft.AspNetCore";
    private const string HttpClientActivitySource = "System.Net.Http";
    private const string RuntimeMeter = "System.Runtime";

    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
    ];

    private static readonly string[] HttpClientMeters = ["System.Net.Http", "System.Net.NameResolution"];

    public static TracerProviderBuilder AddAspNetCoreTracing(this TracerProviderBuilder tracing) =>
        tracing.AddSource(AspNetCoreActivitySource);

    public static TracerProviderBuilder AddHttpClientTracing(this TracerProviderBuilder tracing) =>
        tracing.AddSource(HttpClientActivitySource);

    public static MeterProviderBuilder AddAspNetCoreMetrics(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(AspNetCoreMeters);

    public static MeterProviderBuilder AddHttpClientMetrics(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(HttpClientMeters);

    public static MeterProviderBuilder AddRuntimeMetrics(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(RuntimeMeter);
}
