using DataAccess.Security;
using MigrationService.Backfill;
using TestSupport.LegacyDataset;

namespace MigrationService.Tests.Backfill;

internal static class BackfillTestOptions
{
    public static BackfillOptions For(LegacyDataset dataset, BackfillMode mode = BackfillMode.Migrate) => new()
    {
        Mode = mode,
        Security = new SecuritySettings(dataset.Options.EncryptionKey),
        TimeZoneOffsetHours = dataset.Options.OffsetHours,
        ScanPageSize = 500,
        ProblemExamples = 50,
    };
}
