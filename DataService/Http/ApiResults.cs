using System.Text.Json;
using DataAccess;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

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

    // The envelope with one field of the data repeated beside success, where the seed's
    // contract puts it ({ success, previousStrategy }, { success, results }); data stays whole
    // for clients that read it there.
    public static IResult From<T>(DataResult<T> result, string besideName, Func<T, object?> beside) =>
        new EnvelopeWithFieldBeside<T>(result, besideName, beside);

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

    private sealed class EnvelopeWithFieldBeside<T>(DataResult<T> result, string name, Func<T, object?> value) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var envelope = JsonSerializer.SerializeToNode(result, options)!.AsObject();
            if (result.Success)
            {
                envelope[name] = JsonSerializer.SerializeToNode(value(result.Data!), options);
            }

            return Results.Json(envelope, options, statusCode: result.Success ? StatusCodes.Status200OK : StatusFor(result.Code)).ExecuteAsync(context);
        }
    }
}
