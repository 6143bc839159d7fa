using DataAccess.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DataAccess.Remote;

// Calls the DataService API and returns its answers as data-access results. Failures come
// back as results, never as exceptions: the service's own code, error and field for
// everything it answered, DB_CONNECTION_FAILED or DB_CONNECTION_TIMEOUT when it could not be
// reached in time. Retries, timeouts and service discovery are the HTTP client's, from
// AddServiceDefaults.
public sealed partial class DataServiceClient(IHttpClientFactory httpClients, ILogger<DataServiceClient> logger)
{
    public const string HttpClientName = "DataService";

    // Marks a request whose answer, once the DataService has given one, is final: asking again
    // would only repeat the failing work behind it (an access-token read whose refresh failed).
    // A host whose HTTP client retries answered failures leaves such requests alone.
    public static readonly HttpRequestOptionsKey<bool> AnswerIsFinal = new("DataService.AnswerIsFinal");

    public async Task<DataResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var result = await ExchangeAsync<T>(request, cancellationToken);
            if (!result.Success)
            {
                DataAccessTelemetry.RecordFailure(result.Code!);
            }

            return result;
        }
    }

    public async Task<DataResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var result = await SendAsync<object>(request, cancellationToken);
        return result.Success ? DataResult.Ok() : new DataResult { Error = result.Error, Code = result.Code, Field = result.Field };
    }

    private async Task<DataResult<T>> ExchangeAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Taken before sending, which makes the URI absolute; the query is left out of logs.
        var path = request.RequestUri?.OriginalString.Split('?')[0];
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return await DataServiceResponse.ReadAsync<T>(response, cancellationToken);
        }
        catch (Exception exception) when (TransportFailure.From(exception, cancellationToken) is { } failure)
        {
            LogCallFailed(exception, request.Method, path, failure.Code);
            return DataResult<T>.Fail(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calling the DataService with {Method} {Path} failed ({Code}).")]
    private partial void LogCallFailed(Exception exception, HttpMethod method, string? path, string code);
}
