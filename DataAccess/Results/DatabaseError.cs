namespace DataAccess;

// A failure of a data-access operation, carrying one of the DatabaseErrorCode values and,
// for bad input, the name of the offending field. Named after the contract's DatabaseError.
public sealed class DatabaseError : Exception
{
    public DatabaseError(string code, string message, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Field = field;
    }

    public string Code { get; }

    public string? Field { get; }

    public static DatabaseError NotFound(string what, object id) =>
        new(DatabaseErrorCode.RecordNotFound, $"{what} '{id}' was not found.");

    public static DatabaseError Invalid(string field, string problem) =>
        new(DatabaseErrorCode.InvalidQuery, $"{field}: {problem}", field);
}
