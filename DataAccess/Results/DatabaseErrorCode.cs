namespace DataAccess;

// The error codes of the data-access contract (seed 003), as they appear on the wire.
public static class DatabaseErrorCode
{
    public const string ConnectionFailed = "DB_CONNECTION_FAILED";
    public const string ConnectionTimeout = "DB_CONNECTION_TIMEOUT";
    public const string PoolExhausted = "DB_POOL_EXHAUSTED";
    public const string RecordNotFound = "DB_RECORD_NOT_FOUND";
    public const string DuplicateKey = "DB_DUPLICATE_KEY";
    public const string ConstraintViolation = "DB_CONSTRAINT_VIOLATION";
    public const string InvalidQuery = "DB_INVALID_QUERY";
    public const string QueryTimeout = "DB_QUERY_TIMEOUT";
    public const string CacheMiss = "CACHE_MISS";
    public const string CacheError = "CACHE_ERROR";
}
