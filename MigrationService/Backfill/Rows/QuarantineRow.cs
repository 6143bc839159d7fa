namespace MigrationService.Backfill.Rows;

// A legacy key kept in legacy_quarantine because it could not be migrated.
internal sealed record QuarantineRow(string RedisKey, string RedisType, string Reason, string? Value, string Source) : ISourcedRow;
