using System.Net;
using Polly;
using Polly.Timeout;

namespace ServiceDefaults.Http.Resilience;

// Failures that may well not happen again on the next attempt: the connection failed, the
// attempt timed out, the server erred, or it asked to be called back later.
internal static class TransientHttpFailure
{
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
