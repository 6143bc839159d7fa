namespace MigrationService.Backfill.Rows;

// A row of sticky_sessions from one of the sticky-mapping families.
internal sealed record StickySessionRow(string Scope, string SessionHash, string AccountId, string? AccountType, string Value, DateTimeOffset ExpiresAt, string Source) : ISourcedRow;
