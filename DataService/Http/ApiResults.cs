using DataAccess;

namespace DataService.Http;

// Turns data-access results into HTTP responses: the body is always the result envelope
// { success, data, error, code }, the status says what kind of outcome it is.
public static class ApiResults
{
    public static IResult From<T>(DataResult<T> result, int successStatus = StatusCodes.Status200OK) =>
        Results.Json(result, statusCode: result.Success ? successStatus : StatusFor(result.Code));

    public static IResult From(DataResult result) =>
        Results.Json(result, statusCode: result.Success ? StatusCodes.Status200OK : StatusFor(result.Code));

    public static IResult Ok<T>(T data) => Results.Json(DataResult<T>.Ok(data));

    public static IResult Error(int status, string code, string message, string? field = null) =>
        Results.Json(new DataResult { Success = false, Code = code, Error = message, Field = field }, statusCode: status);

    public static int StatusFor(string? code) => code switch
    {
        DatabaseErrorCode.RecordNotFound or DatabaseErrorCode.CacheMiss => StatusCodes.Status404NotFound,
        DatabaseErrorCode.DuplicateKey => StatusCodes.Status409Conflict,
        DatabaseErrorCode.ConstraintViolation => StatusCodes.Status422UnprocessableEntity,
        DatabaseErrorCode.InvalidQuery => StatusCodes.Status400BadRequest,
        DatabaseErrorCode.ConnectionTimeout or DatabaseErrorCode.QueryTimeout => StatusCodes.Status504GatewayTimeout,
        DatabaseErrorCode.ConnectionFailed or DatabaseErrorCode.PoolExhausted or DatabaseErrorCode.CacheError => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
