namespace MigrationService.Backfill.Rows;

// A row of settings.
internal sealed record SettingRow(string Key, string Value, DateTimeOffset? UpdatedAt, string Source) : ISourcedRow;
