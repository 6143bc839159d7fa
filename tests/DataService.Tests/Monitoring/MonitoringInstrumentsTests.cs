using System.Diagnostics.Metrics;
using DataService.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace DataService.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class MonitoringInstrumentsTests(MonitoredService service)
{
    [Fact]
    public async Task The_figures_are_published_as_gauges_of_the_monitoring_meter()
    {
        using var client = service.Instance.CreateAdminClient();
        await client.PostDataAsync("/api/v1/apikeys", new { name = "monitoring-instruments" });

        var gauges = Collect();

        Assert.Superset(
            new HashSet<string>
            {
                "dataservice.db.query.average_duration", "dataservice.db.query.slow", "dataservice.db.pool.utilization", "dataservice.db.pool.wait_time",
                "dataservice.cache.hit_rate", "dataservice.cache.miss_rate", "dataservice.cache.eviction_rate", "dataservice.errors.rate",
            },
            gauges.Keys.ToHashSet());
        Assert.True(gauges["dataservice.db.query.average_duration"] > 0);
    }

    // Reads this host's gauges the way an exporter does: by observing them.
    private Dictionary<string, double> Collect()
    {
        var meterFactory = service.Instance.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == MonitoringInstruments.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
