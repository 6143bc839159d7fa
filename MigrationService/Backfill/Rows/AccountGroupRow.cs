namespace MigrationService.Backfill.Rows;

// A row of account_groups from account_group:{id}.
internal sealed record AccountGroupRow(
    Guid Id, string Name, string Platform, string Description, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, string Extra, string Source) : ISourcedRow;
