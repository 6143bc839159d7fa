using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Tests.Npgsql;

// Builds the host's tracer and meter providers the way the service defaults do (through the
// DI-aware OpenTelemetry builder, so every ConfigureOpenTelemetry*Provider call applies) and
// keeps what they produce in memory. Listeners are process-wide, so a test picks out its own
// activities and measurements by the database or data source name.
internal sealed class TelemetryCapture
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private volatile IReadOnlyCollection<ExportedHistogramPoint> _histogramPoints = [];
    private volatile IReadOnlyCollection<string> _metricNames = [];

    private TelemetryCapture()
    {
    }

    public IReadOnlyCollection<Activity> Activities => _activities;

    public IReadOnlyCollection<ExportedHistogramPoint> HistogramPoints => _histogramPoints;

    public IReadOnlyCollection<string> MetricNames => _metricNames;

    public static TelemetryCapture AddTo(IServiceCollection services)
    {
        var capture = new TelemetryCapture();
        var openTelemetry = new ServiceCollectionOpenTelemetryBuilder(services);
        openTelemetry.WithTracing(tracing => tracing.AddProcessor(new ActivityCollector(capture._activities)));
        openTelemetry.WithMetrics(metrics => metrics.AddReader(new BaseExportingMetricReader(new MetricCollector(capture))));
        return capture;
    }

    // Resolving the providers attaches their listeners, as the hosted service of
    // OpenTelemetry.Extensions.Hosting does at startup.
    public static void Start(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>();
        services.GetRequiredService<MeterProvider>();
    }

    public static void CollectMetrics(IServiceProvider services) =>
        services.GetRequiredService<MeterProvider>().ForceFlush();

    private sealed class ServiceCollectionOpenTelemetryBuilder(IServiceCollection services) : IOpenTelemetryBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class ActivityCollector(ConcurrentQueue<Activity> activities) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => activities.Enqueue(data);
    }

    // Metric objects are only valid during Export, so the parts the tests look at are copied out.
    // Each export replaces the one before: metrics are cumulative, so the latest export holds
    // everything recorded so far (disposing the host exports once more).
    private sealed class MetricCollector(TelemetryCapture capture) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            var metricNames = new List<string>();
            var histogramPoints = new List<ExportedHistogramPoint>();
            foreach (var metric in batch)
            {
                metricNames.Add(metric.Name);
                if (metric.MetricType == MetricType.Histogram)
                {
                    histogramPoints.AddRange(CopyHistogramPoints(metric));
                }
            }

            capture._metricNames = metricNames;
            capture._histogramPoints = histogramPoints;
            return ExportResult.Success;
        }

        private static List<ExportedHistogramPoint> CopyHistogramPoints(Metric metric)
        {
            var points = new List<ExportedHistogramPoint>();
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                var bounds = new List<double>();
                foreach (var bucket in point.GetHistogramBuckets())
                {
                    bounds.Add(bucket.ExplicitBound);
                }

                points.Add(new ExportedHistogramPoint(metric.Name, tags, point.GetHistogramCount(), bounds));
            }

            return points;
        }
    }
}

internal sealed record ExportedHistogramPoint(
    string MetricName, IReadOnlyDictionary<string, object?> Tags, long Count, IReadOnlyList<double> BucketBounds);
