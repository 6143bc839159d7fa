using System.Text.Json;
using DataAccess;
using Microsoft.AspNetCore.Diagnostics;

namespace DataService.Http;

// Malformed JSON, wrong types, unknown fields, unbindable parameters and oversized bodies
// are the caller's mistakes: 400 (or 413) with what was wrong, never a 500.
internal sealed partial class BadRequestEnvelopeHandler(ILogger<BadRequestEnvelopeHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            DatabaseError error => ApiResults.From(DataResult.Fail(error)),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.PayloadTooLarge, "The request body is larger than this service accepts."),
            BadHttpRequestException { InnerException: JsonException json } => Describe(json),
            BadHttpRequestException bad => ApiResults.Error(StatusCodes.Status400BadRequest, DatabaseErrorCode.InvalidQuery, bad.Message),
            JsonException json => Describe(json),
            _ => null,
        };

        if (result is null)
        {
            LogUnexpected(exception, context.Request.Method, context.Request.Path);
            result = ApiResults.Error(StatusCodes.Status500InternalServerError, ApiErrorCodes.InternalError, "The service failed unexpectedly; the error is logged.");
        }

        await result.ExecuteAsync(context);
        return true;
    }

    private static IResult Describe(JsonException exception)
    {
        var field = exception.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        var message = exception.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"Unknown field '{field}'."
            : exception.Message.Contains("missing required properties", StringComparison.Ordinal)
                ? $"Required fields are missing: {exception.Message}"
                : $"The request body is not valid JSON for this operation{(field is null ? "" : $" at '{field}'")}: {FirstSentence(exception.Message)}";
        return ApiResults.Error(StatusCodes.Status400BadRequest, DatabaseErrorCode.InvalidQuery, message, field);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure handling {Method} {Path}.")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
