using DataAccess.Postgres.Schema;
using MigrationService.Steps;
using OpenTelemetry;

namespace MigrationService;

internal static class MigrationServiceExtensions
{
    /// <summary>
    /// Registers the worker and its steps. The steps run in the order they are registered here.
    /// </summary>
    public static IHostApplicationBuilder AddMigrationSteps(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(MigrationTelemetry.ActivitySourceName));

        builder.Services.AddSchemaMigrator();
        builder.Services.AddScoped<IMigrationStep, SchemaMigrationStep>();

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
}
