namespace MigrationService.Backfill.Rows;

// A row of oauth_sessions from oauth:{id}.
internal sealed record OAuthSessionRow(string Id, string Data, DateTimeOffset ExpiresAt, string Source) : ISourcedRow;
