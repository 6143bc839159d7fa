using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

// Stands in for OpenTelemetry.Extensions.Hosting, which this machine's package source does
// not carry: everything else AddOpenTelemetry() offers (WithTracing, WithMetrics,
// UseOtlpExporter) already lives in the core and OTLP packages. Same name and namespace, so
// adding the real package later turns every call into a compile error that points here.
public static class OpenTelemetryServicesExtensions
{
    public static IOpenTelemetryBuilder AddOpenTelemetry(this IServiceCollection services)
    {
        // First in line, as in the real package, so hosted services that start after it
        // already emit into live providers.
        if (!services.Any(descriptor => descriptor.ImplementationType == typeof(TelemetryHostedService)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TelemetryHostedService>());
        }

        return new ServiceCollectionOpenTelemetryBuilder(services);
    }
}
