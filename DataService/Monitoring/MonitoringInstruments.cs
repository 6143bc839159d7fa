using System.Diagnostics.Metrics;

namespace DataService.Monitoring;

// The figures of getPerformanceMetrics as OpenTelemetry instruments, so the Aspire dashboard
// or any OTLP backend shows them: gauges over the last five minutes, the shortest time range,
// computed from the same buckets when the exporter collects.
internal sealed class MonitoringInstruments(PerformanceMonitor monitor, IMeterFactory meterFactory) : IHostedService
{
    public const string MeterName = "DataService.Monitoring";

    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(5);

    private Meter? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _meter = meterFactory.Create(MeterName);
        Gauge("dataservice.db.query.average_duration", "ms", "Mean statement duration over the last 5 minutes.", metrics => metrics.Database.AvgQueryTime);
        Gauge("dataservice.db.query.slow", "{statement}", "Statements over the slow threshold in the last 5 minutes.", metrics => metrics.Database.SlowQueries);
        Gauge("dataservice.db.pool.utilization", "1", "Mean share of Max Pool Size in use over the last 5 minutes.", metrics => metrics.Database.ConnectionPool.Utilization);
        Gauge("dataservice.db.pool.wait_time", "ms", "Mean connection checkout wait over the last 5 minutes.", metrics => metrics.Database.ConnectionPool.WaitTime);
        Gauge("dataservice.cache.hit_rate", "1", "Share of cache lookups answered by the cache over the last 5 minutes.", metrics => metrics.Cache.HitRate);
        Gauge("dataservice.cache.miss_rate", "1", "Share of cache lookups not answered by the cache over the last 5 minutes.", metrics => metrics.Cache.MissRate);
        Gauge("dataservice.cache.eviction_rate", "{key}/min", "Keys Redis evicted per minute over the last 5 minutes.", metrics => metrics.Cache.EvictionRate);
        Gauge("dataservice.errors.rate", "1", "Failed data-access operations per API request over the last 5 minutes.", metrics => metrics.Errors.Rate);
        _meter.CreateObservableGauge(
            "dataservice.errors.count",
            () => monitor.Measure(s_window).Errors.Types.Select(type => new Measurement<long>(type.Value, new KeyValuePair<string, object?>("error.code", type.Key))),
            "{error}",
            "Failed data-access operations by error code in the last 5 minutes.");
        return Task.CompletedTask;
    }

    // The meter factory disposes the meter, and with it the gauges, when the host goes.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Gauge(string name, string unit, string description, Func<PerformanceMetrics, double> figure) =>
        _meter!.CreateObservableGauge(name, () => figure(monitor.Measure(s_window)), unit, description);
}
