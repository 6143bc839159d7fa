using DataAccess.Postgres.Schema;
using DataAccess.Redis;
using DataAccess.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MigrationService.Backfill;
using MigrationService.Steps;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MigrationService;

internal static class MigrationServiceExtensions
{
    /// <summary>
    /// Registers the worker and its steps. The steps run in the order they are registered here:
    /// the schema, then, when ConnectionStrings:legacy-redis names a legacy claude-relay-service
    /// Redis, its backfill. With Schema:WaitOnly (--wait-for-schema) the only step waits for the
    /// schema another run applies.
    /// </summary>
    public static IHostApplicationBuilder AddMigrationSteps(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(MigrationTelemetry.ActivitySourceName));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(BackfillTelemetry.MeterName));

        builder.Services.AddSchemaMigrator();
        if (builder.Configuration.GetValue<bool>(SchemaWaitStep.Setting))
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddScoped<IMigrationStep, SchemaWaitStep>();
        }
        else
        {
            builder.Services.AddScoped<IMigrationStep, SchemaMigrationStep>();
            builder.AddLegacyBackfill();
        }

        builder.Services.AddSingleton<MigrationOutcome>();
        builder.Services.AddHostedService<MigrationWorker>();
        return builder;
    }

    /// <summary>
    /// Runs the host until the worker has stopped it, and returns the exit code for the
    /// process: 0 only if every step succeeded.
    /// </summary>
    public static async Task<int> RunToCompletionAsync(this IHost host)
    {
        // Taken before running: the application disposes its services when it stops.
        var outcome = host.Services.GetRequiredService<MigrationOutcome>();
        await host.RunAsync();
        return outcome.ExitCode;
    }

    private static void AddLegacyBackfill(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BackfillSettings.Section);
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString(BackfillSettings.ConnectionName)))
        {
            if (section.Get<BackfillSettings>() is { Mode: not BackfillMode.Migrate })
            {
                builder.Services.AddScoped<IMigrationStep, MissingLegacyRedisStep>();
            }

            return;
        }

        builder.AddKeyedRedisClient(BackfillSettings.ConnectionName, configureOptions: RedisConnectionPolicy.Apply);
        builder.Services.Configure<BackfillSettings>(section);
        builder.Services.AddDataAccessSecurity(builder.Configuration);
        builder.Services.AddScoped<IMigrationStep, LegacyBackfillStep>();
    }
}
