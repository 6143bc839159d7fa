namespace MigrationService.Backfill.Rows;

// A row that knows the Redis key it was read from, for reports that name that key.
internal interface ISourcedRow
{
    string Source { get; }
}
