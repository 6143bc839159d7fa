namespace MigrationService.Backfill.Rows;

// A row of sessions from session:{token} (admin) or user_session:{token} (user).
internal sealed record SessionRow(
    string TokenHash, string UserId, string UserType, string Data, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt, DateTimeOffset ExpiresAt, string Source) : ISourcedRow;
