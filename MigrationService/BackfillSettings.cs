using MigrationService.Backfill;

namespace MigrationService;

// The backfill's configuration section. The legacy relay's own settings keep their names:
// ConnectionStrings:legacy-redis names the source, TIMEZONE_OFFSET its bucket offset (with the
// legacy "|| 8" rule), ENCRYPTION_KEY or Security:EncryptionKey its encryption key.
internal sealed class BackfillSettings
{
    public const string Section = "Backfill";
    public const string ConnectionName = "legacy-redis";

    public BackfillMode Mode { get; set; } = BackfillMode.Migrate;

    public int ScanPageSize { get; set; } = 5000;

    public int VerificationRounds { get; set; } = 3;

    public int ListedDifferences { get; set; } = 20;

    public int ProblemExamples { get; set; } = 20;

    // How often progress is logged.
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);
}
