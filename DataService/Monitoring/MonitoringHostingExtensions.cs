using DataService.Alerts;
using DataService.Monitoring;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

public static class MonitoringHostingExtensions
{
    // The service measuring itself (statements, pool, cache, errors) from start-up, the
    // figures as OpenTelemetry metrics, and performance alerts. Needs AddDataAccess first.
    public static IHostApplicationBuilder AddDataServiceMonitoring(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MonitoringOptions>().Bind(builder.Configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>>(new SettingsValidation<MonitoringOptions>(options => options.Validate()));
        services.AddSingleton<MetricTimeline>();
        services.AddSingleton<StatementStatistics>();
        services.AddSingleton<ConnectionPoolProbe>();
        services.AddSingleton<PerformanceMonitor>();

        // Hosted services start in this order, before the server takes requests.
        services.AddHostedService<StatementListener>();
        services.AddHostedService<ServiceMeterListener>();
        services.AddHostedService<ResourceSampler>();
        services.AddHostedService<MonitoringInstruments>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(MonitoringInstruments.MeterName));

        services.AddPerformanceAlerts(builder.Configuration);
        return builder;
    }
}
