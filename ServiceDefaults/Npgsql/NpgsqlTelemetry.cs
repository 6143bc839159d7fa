using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Npgsql;

// Npgsql and EF Core emit their activities and metrics natively, so subscribing by name is all
// the instrumentation they need. The registrations only configure the tracer and meter
// providers; whoever builds those providers (the service defaults) decides where data goes.
internal static class NpgsqlTelemetry
{
    // Npgsql gives its ActivitySource and its Meter the same name.
    public const string NpgsqlInstrumentationName = "Npgsql";
    public const string EntityFrameworkCoreMeterName = "Microsoft.EntityFrameworkCore";

    // Npgsql records these histograms in seconds. Aspire gives them the bucket boundaries the
    // OpenTelemetry conventions recommend for durations in seconds. Aspire's view names are the
    // ones Npgsql used before version 10 (db.client.commands.duration,
    // db.client.connections.create_time); Npgsql 10 renamed its instruments, so the views name
    // the instruments it emits now.
    public static readonly IReadOnlyList<string> SecondsHistogramNames =
    [
        "db.client.operation.duration",
        "db.client.connection.npgsql.create_time",
    ];

    public static readonly double[] SecondsBucketBoundaries =
        [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static void AddNpgsqlTracing(IHostApplicationBuilder builder) =>
        OncePerHost.Register(builder, "NpgsqlTracing", () =>
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.AddSource(NpgsqlInstrumentationName)));

    public static void AddNpgsqlMetrics(IHostApplicationBuilder builder) =>
        OncePerHost.Register(builder, "NpgsqlMetrics", () =>
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics =>
            {
                metrics.AddMeter(NpgsqlInstrumentationName);
                foreach (var histogramName in SecondsHistogramNames)
                {
                    metrics.AddView(histogramName, new ExplicitBucketHistogramConfiguration
                    {
                        Boundaries = SecondsBucketBoundaries,
                    });
                }
            }));

    public static void AddEntityFrameworkCoreMetrics(IHostApplicationBuilder builder) =>
        OncePerHost.Register(builder, "EntityFrameworkCoreMetrics", () =>
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics =>
                metrics.AddMeter(EntityFrameworkCoreMeterName)));
}
