using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataAccess.Remote;

// Reads an answer of the DataService. Every answer of its API is the result envelope
// { success, data, error, code, field }, whatever the status, and is returned as it is, so
// callers see what an in-process backend would have returned. Only answers without an
// envelope (a proxy's error page, a route this service does not have) are judged by status.
internal static class DataServiceResponse
{
    public static async Task<DataResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!IsJson(response))
        {
            return DataResult<T>.Fail(WithoutEnvelope(response.StatusCode, "its body is not JSON"));
        }

        DataResult<T>? envelope;
        try
        {
            envelope = await response.Content.ReadFromJsonAsync<DataResult<T>>(DataServiceJson.Options, cancellationToken);
        }
        catch (JsonException exception)
        {
            return DataResult<T>.Fail(WithoutEnvelope(response.StatusCode, $"its body is not a result envelope of {typeof(T).Name}: {exception.Message}"));
        }

        return envelope is not null && IsEnvelopeFor(response, envelope)
            ? envelope
            : DataResult<T>.Fail(WithoutEnvelope(response.StatusCode, "its body is not a result envelope"));
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } mediaType
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    // The DataService pairs a success status with success: true, and every failure with a code.
    private static bool IsEnvelopeFor<T>(HttpResponseMessage response, DataResult<T> envelope) =>
        envelope.Success ? response.IsSuccessStatusCode : !response.IsSuccessStatusCode && envelope.Code is not null;

    private static DatabaseError WithoutEnvelope(HttpStatusCode status, string problem)
    {
        var code = status switch
        {
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => DatabaseErrorCode.ConnectionTimeout,
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => DatabaseErrorCode.ConnectionFailed,
            // A success status without the envelope: this service speaks another API.
            < HttpStatusCode.BadRequest => DatabaseErrorCode.ConnectionFailed,
            _ => DatabaseErrorCode.InvalidQuery,
        };
        return new DatabaseError(code, $"The DataService answered {(int)status} {status}, and {problem}.");
    }
}
