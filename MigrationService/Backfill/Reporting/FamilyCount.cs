using MigrationService.Backfill.Keys;

namespace MigrationService.Backfill.Reporting;

// For one family: keys the scan met, records migrated (or, in a dry run, that would be), and
// keys that vanished between SCAN and the read (expired or deleted meanwhile).
public sealed record FamilyCount(LegacyFamily Family, FamilyDisposition Disposition, long Seen, long Migrated, long Vanished);
