namespace ServiceDefaults.Tests.Telemetry;

public sealed class OtlpExportTests(ExportingServiceFixture service) : IClassFixture<ExportingServiceFixture>
{
    private FakeOtlpReceiver Receiver => service.Receiver;

    [Fact]
    public void Server_spans_carry_the_http_semantic_convention_tags()
    {
        Assert.True(Receiver.ReceivedAttribute("traces", "url.path", InstrumentedService.ProbePath));
        Assert.True(Receiver.ReceivedAttribute("traces", "url.scheme", "http"));
    }

    [Fact]
    public void Health_probe_requests_leave_no_spans()
    {
        // Without url.path on server spans the check below would pass for the wrong reason.
        Assert.True(Receiver.ReceivedAttribute("traces", "url.path", InstrumentedService.ProbePath));
        Assert.False(Receiver.ReceivedAttribute("traces", "url.path", "/health"));
        Assert.False(Receiver.ReceivedAttribute("traces", "url.path", "/alive"));
    }

    [Fact]
    public void Spans_of_the_application_activity_source_are_exported()
    {
        Assert.True(Receiver.Received("traces", InstrumentedService.ApplicationSpanName));
    }

    [Fact]
    public void Spans_of_sources_that_integrations_register_are_exported()
    {
        Assert.True(Receiver.Received("traces", InstrumentedService.IntegrationSpanName));
    }

    [Fact]
    public void Outgoing_http_calls_are_traced()
    {
        Assert.True(Receiver.Received("traces", "System.Net.Http"));
    }

    [Fact]
    public void The_service_name_comes_from_OTEL_SERVICE_NAME()
    {
        Assert.True(Receiver.Received("traces", ExportingServiceFixture.ServiceName));
    }

    [Theory]
    [InlineData("http.server.request.duration")]
    [InlineData("http.client.request.duration")]
    [InlineData("dotnet.gc.collections")]
    public async Task Metrics_of_aspnetcore_httpclient_and_the_runtime_are_exported(string instrument)
    {
        await Eventually.AssertAsync(() => Receiver.Received("metrics", instrument), $"no export held {instrument}");
    }

    [Fact]
    public async Task Logs_are_exported_with_their_formatted_message_and_scopes()
    {
        await Eventually.AssertAsync(() => Receiver.Received("logs", InstrumentedService.ProbeLogMessage), "the probe log never arrived");
        Assert.True(Receiver.Received("logs", InstrumentedService.ProbeScopeValue));
    }
}
