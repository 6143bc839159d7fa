namespace MigrationService.Backfill.Rows;

// A row of users from user:{id}; Data is the stored document.
internal sealed record UserRow(
    string Id,
    string Username,
    string? Email,
    string? DisplayName,
    string Role,
    bool IsActive,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? LastLoginAt,
    string Data,
    string Source) : ISourcedRow;
