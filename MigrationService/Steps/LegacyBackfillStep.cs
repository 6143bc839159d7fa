using DataAccess.Security;
using DataAccess.Time;
using Microsoft.Extensions.Options;
using MigrationService.Backfill;
using Npgsql;
using StackExchange.Redis;

namespace MigrationService.Steps;

// Backfills the legacy claude-relay-service Redis named by ConnectionStrings:legacy-redis, or
// with --dry-run / --verify only reports or compares. Differences between Redis and PostgreSQL
// at the end fail the step with their own exit code.
internal sealed class LegacyBackfillStep(
    [FromKeyedServices(BackfillSettings.ConnectionName)] IConnectionMultiplexer legacy,
    NpgsqlDataSource dataSource,
    SecuritySettings security,
    IOptions<BackfillSettings> settings,
    IConfiguration configuration,
    ILoggerFactory loggers) : IMigrationStep
{
    private readonly ILogger _logger = loggers.CreateLogger<LegacyBackfillStep>();

    public string Name => "legacy backfill";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = settings.Value;
        var report = await LegacyBackfill.RunAsync(
            legacy.GetDatabase(),
            dataSource,
            new BackfillOptions
            {
                Mode = options.Mode,
                Security = security,
                TimeZoneOffsetHours = TimeBuckets.ParseLegacyOffset(configuration["TIMEZONE_OFFSET"]),
                ScanPageSize = options.ScanPageSize,
                VerificationRounds = options.VerificationRounds,
                ListedDifferences = options.ListedDifferences,
                ProblemExamples = options.ProblemExamples,
                Progress = new BackfillProgressLog(_logger, options.ProgressInterval),
            },
            loggers,
            cancellationToken);
        LegacyBackfillStepLog.Report(_logger, report.Describe());
        if (report.HasDifferences)
        {
            throw new MigrationStepFailedException(
                $"Redis and PostgreSQL differ in {report.DifferenceCount:N0} records{Listed(report)}",
                MigrationOutcome.DifferencesExitCode);
        }
    }

    private static string Listed(BackfillReport report) =>
        report.Differences.Count == 0 ? "." : $"; the first: {string.Join(" | ", report.Differences.Take(3))}";
}
