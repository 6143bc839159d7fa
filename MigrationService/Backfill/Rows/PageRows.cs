using MigrationService.Backfill.Reporting;

namespace MigrationService.Backfill.Rows;

// Everything one page of keys turned into, table by table, and what it adds to the report.
internal sealed class PageRows
{
    public PageTally Tally { get; } = new();

    public List<UsageBucketRow> UsageBuckets { get; } = [];

    public List<UsageLifetimeRow> UsageLifetimes { get; } = [];

    public List<ApiKeyRow> ApiKeys { get; } = [];

    public List<AccountRow> Accounts { get; } = [];

    public List<AccountGroupRow> Groups { get; } = [];

    public List<GroupMembersRow> GroupMembers { get; } = [];

    public List<UserRow> Users { get; } = [];

    public List<SessionRow> Sessions { get; } = [];

    public List<OAuthSessionRow> OAuthSessions { get; } = [];

    public List<StickySessionRow> StickySessions { get; } = [];

    public List<SettingRow> Settings { get; } = [];

    public List<HashMapEntryRow> HashMapEntries { get; } = [];

    public List<QuarantineRow> Quarantine { get; } = [];

    public int Count =>
        UsageBuckets.Count + UsageLifetimes.Count + ApiKeys.Count + Accounts.Count + Groups.Count + GroupMembers.Count + Users.Count
        + Sessions.Count + OAuthSessions.Count + StickySessions.Count + Settings.Count + HashMapEntries.Count + Quarantine.Count;
}
