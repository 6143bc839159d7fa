namespace MigrationService.Steps;

// Stands in for the backfill when --dry-run or --verify asks for one but no legacy Redis is
// configured: the run fails with a message saying what is missing.
internal sealed class MissingLegacyRedisStep : IMigrationStep
{
    public string Name => "legacy backfill";

    public Task RunAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"{BackfillCommandLine.DryRun} and {BackfillCommandLine.Verify} read a legacy Redis, and none is configured: set ConnectionStrings:{BackfillSettings.ConnectionName}.");
}
