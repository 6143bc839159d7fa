namespace MigrationService.Backfill.Rows;

// An apikey:hash_map entry (or an apikey_hash:{hash} alias) as read.
internal sealed record HashMapEntryRow(string KeyHash, string ApiKeyId, string Source) : ISourcedRow;
