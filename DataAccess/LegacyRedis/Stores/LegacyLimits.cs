namespace DataAccess.LegacyRedis.Stores;

// Operations the legacy layout cannot express are refused with the reason, as bad input
// (DB_INVALID_QUERY): asking again will not help; another backend will.
internal static class LegacyLimits
{
    public static DatabaseError Unsupported(string reason) => new(DatabaseErrorCode.InvalidQuery, reason);
}
