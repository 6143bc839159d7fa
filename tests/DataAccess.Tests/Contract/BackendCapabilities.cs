namespace DataAccess.Tests.Contract;

// What a backend can do beyond the common contract. The PostgreSQL-based backends can do
// everything; the legacy Redis layout cannot hold some things, and refuses them with the
// documented reason.
[Flags]
public enum BackendCapabilities
{
    None = 0,

    // Data is stored in PostgreSQL, where tests inspect it with SQL, and health reports its pool.
    PostgreSql = 1,

    // Usage events are kept and CleanupOldStats deletes them by retention.
    RetentionCleanup = 2,

    // Usage reads come from the events, so what cleanup deleted no longer counts.
    UsageHistoryFollowsCleanup = 4,

    // Usage queries can combine an API key with an account.
    KeyAndAccountUsage = 8,

    All = PostgreSql | RetentionCleanup | UsageHistoryFollowsCleanup | KeyAndAccountUsage,
}
