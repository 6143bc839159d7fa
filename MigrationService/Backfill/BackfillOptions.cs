using DataAccess.Security;

namespace MigrationService.Backfill;

public sealed record BackfillOptions
{
    public BackfillMode Mode { get; init; } = BackfillMode.Migrate;

    // The legacy deployment's ENCRYPTION_KEY (and API_KEY_PREFIX).
    public required SecuritySettings Security { get; init; }

    // The offset the legacy relay bucketed usage in: TIMEZONE_OFFSET after its "|| 8" rule
    // (TimeBuckets.ParseLegacyOffset).
    public int TimeZoneOffsetHours { get; init; } = 8;

    // The COUNT of each SCAN, and so the size of a page. Every page costs a few round trips
    // and statement plans on both servers: smaller pages make the run markedly slower.
    public int ScanPageSize { get; init; } = 5000;

    // Comparisons after the main pass; keys that differ are migrated again between them.
    public int VerificationRounds { get; init; } = 3;

    // How many differences a report lists (all are counted).
    public int ListedDifferences { get; init; } = 20;

    // How many occurrences of each kind of problem a report lists (all are counted).
    public int ProblemExamples { get; init; } = 20;

    // Told after every page.
    public IProgress<BackfillProgress>? Progress { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
