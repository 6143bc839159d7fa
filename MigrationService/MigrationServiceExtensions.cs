using DataAccess.Postgres.Schema;
using DataAccess.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MigrationService.Backfill;
using MigrationService.Steps;
using OpenTelemetry;
using OpenTelemetry.Metrics;

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
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(MigrationTelemetry.ActivitySourceName))
            .WithMetrics(metrics => metrics.AddMeter(BackfillTelemetry.MeterName));

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
    /// Runs the application until the worker has stopped it, and returns the exit code for the
    /// process: 0 only if every step succeeded.
    /// </summary>
    public static async Task<int> RunToCompletionAsync(this WebApplication app)
    {
        // Taken before running: the application disposes its services when it stops.
        var outcome = app.Services.GetRequiredService<MigrationOutcome>();
        await app.RunAsync();
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

        builder.AddKeyedRedisClient(BackfillSettings.ConnectionName);
        builder.Services.Configure<BackfillSettings>(section);
        builder.Services.AddDataAccessSecurity(builder.Configuration);
        builder.Services.AddScoped<IMigrationStep, LegacyBackfillStep>();
    }
}
