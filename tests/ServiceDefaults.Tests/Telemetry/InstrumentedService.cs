using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDefaults.Tests.Http;

namespace ServiceDefaults.Tests.Telemetry;

// A service set up like ours (AddServiceDefaults, MapDefaultEndpoints) plus an integration
// that registers its own activity source the way the Npgsql and Redis integrations do. Its
// probe endpoint produces one of everything: an application span, an integration span, a log
// with a scope, and an outgoing HTTP call.
internal sealed class InstrumentedService : IAsyncDisposable
{
    public const string ProbePath = "/telemetry-probe";
    public const string ApplicationSpanName = "application-operation";
    public const string IntegrationSpanName = "integration-operation";
    public const string ProbeLogMessage = "Probe handled for probe-caller";
    public const string ProbeScopeValue = "probe-scope-value";

    private const string IntegrationSourceName = "Integration.Probe";

    private static readonly ActivitySource IntegrationSource = new(IntegrationSourceName);

    private readonly WebApplication _app;

    private InstrumentedService(WebApplication app, Uri url)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = url };
    }

    public HttpClient Client { get; }

    public static async Task<InstrumentedService> StartAsync(Dictionary<string, string?> settings, Uri callOutUrl)
    {
        var builder = LoopbackWebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(IntegrationSourceName));

        var app = builder.Build();
        app.MapDefaultEndpoints();
        var applicationSource = new ActivitySource(app.Environment.ApplicationName);
        app.MapGet(ProbePath, async (ILoggerFactory loggers, IHttpClientFactory clients) =>
        {
            using (applicationSource.StartActivity(ApplicationSpanName))
            using (IntegrationSource.StartActivity(IntegrationSpanName))
            {
                var logger = loggers.CreateLogger(nameof(InstrumentedService));
                using (logger.BeginScope(new Dictionary<string, object> { ["probe.scope"] = ProbeScopeValue }))
                {
                    logger.LogInformation("Probe handled for {Caller}", "probe-caller");
                }
            }

            return await clients.CreateClient().GetStringAsync(callOutUrl);
        });

        return new InstrumentedService(app, await app.StartOnLoopbackAsync());
    }

    // Exports everything recorded so far, so that what has not arrived afterwards never will.
    public void FlushTelemetry()
    {
        _app.Services.GetService<TracerProvider>()?.ForceFlush();
        _app.Services.GetService<MeterProvider>()?.ForceFlush();
        _app.Services.GetService<LoggerProvider>()?.ForceFlush();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
