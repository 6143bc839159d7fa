using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace DataAccess;

// Turns what PostgreSQL, Npgsql and Redis throw into the contract's error codes.
internal static class ErrorMapper
{
    public static DatabaseError? TryMap(Exception exception) => exception switch
    {
        DatabaseError error => error,
        PostgresException postgres => FromPostgres(postgres),
        NpgsqlException npgsql => FromNpgsql(npgsql),
        RedisTimeoutException => new DatabaseError(DatabaseErrorCode.CacheError, $"The cache did not answer in time: {exception.Message}", innerException: exception),
        RedisException => new DatabaseError(DatabaseErrorCode.CacheError, $"The cache failed: {exception.Message}", innerException: exception),
        TimeoutException => new DatabaseError(DatabaseErrorCode.QueryTimeout, "The operation timed out.", innerException: exception),
        _ => null,
    };

    private static DatabaseError FromPostgres(PostgresException exception)
    {
        var code = exception.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => DatabaseErrorCode.DuplicateKey,
            PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation
                or PostgresErrorCodes.ExclusionViolation or PostgresErrorCodes.RestrictViolation
                or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => DatabaseErrorCode.ConstraintViolation,
            PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable => DatabaseErrorCode.QueryTimeout,
            PostgresErrorCodes.TooManyConnections => DatabaseErrorCode.PoolExhausted,
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => DatabaseErrorCode.ConnectionFailed,
            // The server refused the login (bad credentials, no such database): nothing ran,
            // and no query of the caller's was at fault.
            PostgresErrorCodes.InvalidCatalogName => DatabaseErrorCode.ConnectionFailed,
            { } state when state.StartsWith("28", StringComparison.Ordinal) => DatabaseErrorCode.ConnectionFailed,
            { } state when state.StartsWith("08", StringComparison.Ordinal) => DatabaseErrorCode.ConnectionFailed,
            { } state when state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("42", StringComparison.Ordinal) => DatabaseErrorCode.InvalidQuery,
            _ => DatabaseErrorCode.InvalidQuery,
        };
        return new DatabaseError(code, Describe(exception), innerException: exception);
    }

    // What the caller may learn: the kind of failure, not the constraint, table or column
    // names the server's text carries (those stay in the inner exception, for the logs).
    private static string Describe(PostgresException exception) => exception.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => "A record with the same key already exists.",
        PostgresErrorCodes.ForeignKeyViolation => "The record refers to a record that does not exist, or is still referred to.",
        PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ExclusionViolation or PostgresErrorCodes.RestrictViolation => "A value is outside what the stored data allows.",
        PostgresErrorCodes.NotNullViolation => "A required value is missing.",
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => "The write conflicted with a concurrent transaction; try again.",
        { } state when state.StartsWith("42", StringComparison.Ordinal) => "The database refused the statement.",
        _ => exception.MessageText,
    };

    private static DatabaseError FromNpgsql(NpgsqlException exception)
    {
        if (exception.InnerException is TimeoutException)
        {
            // Npgsql reports an exhausted pool and a slow connect both as timeouts; the
            // message is the only place that tells them apart.
            return exception.Message.Contains("pool", StringComparison.OrdinalIgnoreCase)
                ? new DatabaseError(DatabaseErrorCode.PoolExhausted, "No database connection became free in time; the pool is exhausted.", innerException: exception)
                : exception.Message.Contains("connect", StringComparison.OrdinalIgnoreCase)
                    ? new DatabaseError(DatabaseErrorCode.ConnectionTimeout, "Connecting to the database timed out.", innerException: exception)
                    : new DatabaseError(DatabaseErrorCode.QueryTimeout, "The database did not answer in time.", innerException: exception);
        }

        return exception.InnerException is SocketException or IOException || exception.IsTransient
            ? new DatabaseError(DatabaseErrorCode.ConnectionFailed, $"The database connection failed: {exception.Message}", innerException: exception)
            : new DatabaseError(DatabaseErrorCode.InvalidQuery, exception.Message, innerException: exception);
    }
}
