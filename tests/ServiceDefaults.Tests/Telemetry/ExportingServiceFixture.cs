namespace ServiceDefaults.Tests.Telemetry;

// One instrumented service exporting to a fake OTLP receiver, after it served the health
// probes and then one probe request.
public sealed class ExportingServiceFixture : IAsyncLifetime
{
    public const string ServiceName = "otel-service-name-probe";

    private InstrumentedService? _service;

    internal FakeOtlpReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await FakeOtlpReceiver.StartAsync();
        _service = await InstrumentedService.StartAsync(
            new()
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Url.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = ServiceName,
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
            },
            new Uri(Receiver.Url, "/ping"));

        (await _service.Client.GetAsync("/health")).EnsureSuccessStatusCode();
        (await _service.Client.GetAsync("/alive")).EnsureSuccessStatusCode();
        (await _service.Client.GetAsync(InstrumentedService.ProbePath)).EnsureSuccessStatusCode();

        await Eventually.AssertAsync(
            () => Receiver.ReceivedAttribute("traces", "url.path", InstrumentedService.ProbePath),
            "no server span with url.path=/telemetry-probe reached the receiver");
        _service.FlushTelemetry();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        await Receiver.DisposeAsync();
    }
}
