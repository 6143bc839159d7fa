namespace MigrationService.Backfill.Rows;

// The members of account_group_members:{groupId}, which replace the group's rows.
internal sealed record GroupMembersRow(Guid GroupId, Guid[] AccountIds, string Source) : ISourcedRow;
