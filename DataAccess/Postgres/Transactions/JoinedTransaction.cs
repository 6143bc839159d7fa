namespace DataAccess.Postgres.Transactions;

// The open transaction the running operation joined, if any. The PostgreSQL stores run
// their statements on it instead of a pooled connection of their own; retrying is off
// inside it, as a failed statement leaves only the savepoint to roll back to.
internal static class JoinedTransaction
{
    private static readonly AsyncLocal<OpenTransaction?> s_current = new();

    public static OpenTransaction? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }
}
