using MigrationService.Backfill.Rows;

namespace MigrationService.Backfill.Passes;

// A page of the scan, read and transformed. Cursor is where the scan continues after it (0
// after the last page); a chunk of apikey:hash_map read with HSCAN has no cursor of its own.
internal sealed record ScannedPage(PageRows Rows, long? Cursor, int KeysScanned);
