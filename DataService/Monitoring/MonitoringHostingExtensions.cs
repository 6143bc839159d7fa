using DataAccess.Postgres.Diagnostics;
using DataService.Alerts;
using DataService.Monitoring;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

public static class MonitoringHostingExtensions
{
    // The service measuring itself (statements, pool, cache, errors) from start-up, the
    // figures as OpenTelemetry metrics, and performance alerts. Needs AddDataAccess first: the
    // redis backend (the legacy relay's layout) has no PostgreSQL, so no statements or pool to
    // measure and nowhere to keep alert rules; its figures are the cache's and the errors.
    public static IHostApplicationBuilder AddDataServiceMonitoring(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Whether the data layer stores in PostgreSQL, not whether a data source is registered:
        // a redis-mode host may be given a PostgreSQL connection string it does not use.
        var postgres = services.Any(service => service.ServiceType == typeof(PoolStatusMonitor));
        services.AddOptions<MonitoringOptions>().Bind(builder.Configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>>(new SettingsValidation<MonitoringOptions>(options => options.Validate()));
        services.AddSingleton<MetricTimeline>();
        services.AddSingleton<StatementStatistics>();
        services.AddSingleton<PerformanceMonitor>();

        // Hosted services start in this order, before the server takes requests.
        if (postgres)
        {
            services.AddSingleton<ConnectionPoolProbe>();
            services.AddHostedService<StatementListener>();
        }

        services.AddHostedService<ServiceMeterListener>();
        services.AddHostedService<ResourceSampler>();
        services.AddHostedService<MonitoringInstruments>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(MonitoringInstruments.MeterName));

        services.AddPerformanceAlerts(builder.Configuration, storedRules: postgres);
        return builder;
    }
}
