using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace ServiceDefaults.Telemetry;

// The builder the core package's WithTracing/WithMetrics/UseOtlpExporter extend: they only
// need the service collection to register providers and their configuration in.
internal sealed class ServiceCollectionOpenTelemetryBuilder(IServiceCollection services) : IOpenTelemetryBuilder
{
    public IServiceCollection Services { get; } = services;
}
