namespace ServiceDefaults.Tests.Telemetry;

public sealed class NoOtlpEndpointTests
{
    [Fact]
    public async Task Nothing_is_exported_when_no_otlp_endpoint_is_configured()
    {
        await using var receiver = await FakeOtlpReceiver.StartAsync();
        // The per-signal endpoints point at the receiver, so an exporter switched on by
        // mistake would deliver there.
        await using var service = await InstrumentedService.StartAsync(
            new()
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = " ",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = new Uri(receiver.Url, "/v1/traces").ToString(),
                ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = new Uri(receiver.Url, "/v1/metrics").ToString(),
                ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = new Uri(receiver.Url, "/v1/logs").ToString(),
            },
            new Uri(receiver.Url, "/ping"));

        (await service.Client.GetAsync(InstrumentedService.ProbePath)).EnsureSuccessStatusCode();
        service.FlushTelemetry();

        Assert.False(receiver.Received("traces"));
        Assert.False(receiver.Received("metrics"));
        Assert.False(receiver.Received("logs"));
    }
}
