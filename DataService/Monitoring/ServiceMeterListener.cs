using System.Diagnostics.Metrics;
using DataAccess.Diagnostics;

namespace DataService.Monitoring;

// Counts what the data-access layer and ASP.NET Core already measure: failed operations by
// error code and cache lookups by outcome (meter DataAccess), and the API requests handled
// (meter Microsoft.AspNetCore.Hosting), the denominator of the error rate.
internal sealed class ServiceMeterListener : IHostedService, IDisposable
{
    private const string HostingMeterName = "Microsoft.AspNetCore.Hosting";
    private const string RequestDurationInstrument = "http.server.request.duration";
    private const string ApiRoutePrefix = "/api/";

    private readonly MetricTimeline _timeline;
    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener = new();

    public ServiceMeterListener(MetricTimeline timeline, IMeterFactory meterFactory)
    {
        _timeline = timeline;
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsDataAccessCounter(instrument) || IsThisHostsRequestDuration(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnDataAccessMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => OnRequestCompleted(tags));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsDataAccessCounter(Instrument instrument) =>
        instrument.Meter.Name == DataAccessTelemetry.MeterName
        && instrument.Name is DataAccessTelemetry.FailuresInstrument or DataAccessTelemetry.CacheLookupsInstrument;

    // ASP.NET Core creates its meters through the host's meter factory; another host in the
    // same process has a factory of its own.
    private bool IsThisHostsRequestDuration(Instrument instrument) =>
        instrument.Meter.Name == HostingMeterName && instrument.Name == RequestDurationInstrument && ReferenceEquals(instrument.Meter.Scope, _meterFactory);

    private void OnDataAccessMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (instrument.Name == DataAccessTelemetry.FailuresInstrument)
        {
            var code = Tag(tags, "error.code") ?? "UNKNOWN";
            _timeline.Record((code, value), static (counts, failure) => counts.AddFailures(failure.code, failure.value));
            return;
        }

        switch (Tag(tags, "outcome"))
        {
            case "hit":
                _timeline.Record(value, static (counts, lookups) => counts.CacheHits += lookups);
                break;
            case "miss":
                _timeline.Record(value, static (counts, lookups) => counts.CacheMisses += lookups);
                break;
            case "error":
                _timeline.Record(value, static (counts, lookups) => counts.CacheErrors += lookups);
                break;
        }
    }

    private void OnRequestCompleted(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Tag(tags, "http.route") is { } route && route.StartsWith(ApiRoutePrefix, StringComparison.Ordinal))
        {
            _timeline.Record(1, static (counts, requests) => counts.Requests += requests);
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var (key, value) in tags)
        {
            if (key == name)
            {
                return value as string;
            }
        }

        return null;
    }
}
