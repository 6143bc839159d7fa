using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

// ECHO and HKEYS are used by no other test, so what this class measures is its own.
public sealed class RedisTelemetryTests(SharedRedisFixture fixture) : IClassFixture<SharedRedisFixture>, IDisposable
{
    private readonly RedisClient _redis = fixture.Client;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Commands_and_errors_are_counted_and_timed()
    {
        ListenToMeter();

        for (var i = 0; i < 5; i++)
        {
            await _redis.ExecuteAsync("ECHO", "telemetry");
        }

        var key = SharedRedisFixture.UniqueKey();
        await _redis.SetAsync(key, "not a hash");
        await Assert.ThrowsAsync<RedisServerException>(() => _redis.ExecuteAsync("HKEYS", key).AsTask());

        Assert.Equal(5, Sum("redis.client.commands", "ECHO"));
        Assert.Equal(5, Measurements("redis.client.operation.duration", "ECHO").Count(m => m.Value > 0));
        var error = Assert.Single(Measurements("redis.client.errors", "HKEYS"));
        Assert.Equal("WRONGTYPE", error.Tags["error.type"]);
    }

    [Fact]
    public async Task Each_command_is_a_client_span_under_the_callers_span()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "DistributedApp.Redis" or "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test");

        using (var parent = source.StartActivity("request"))
        {
            await _redis.ExecuteAsync("ECHO", "traced");
            Assert.Same(parent, Activity.Current);
        }

        var span = Assert.Single(spans, span => span.DisplayName == "ECHO" && span.Parent?.DisplayName == "request");
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("redis", span.GetTagItem("db.system.name"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
    }

    private void ListenToMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "DistributedApp.Redis")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));

    private double Sum(string instrument, string operation) => Measurements(instrument, operation).Sum(m => m.Value);

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements(string instrument, string operation) =>
        _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault("db.operation.name"), operation)).ToList();
}
