using Polly;

namespace ServiceDefaults.Http.Resilience;

// Whether sending a request again is safe. Repeating a POST that reached the server may repeat
// its effect (a second charge, a duplicate row); a connection that could not be opened or a
// host name that did not resolve proves the server never saw it.
internal static class RequestReplaySafety
{
    private static readonly HttpMethod[] NonIdempotentMethods = [HttpMethod.Post, HttpMethod.Patch, HttpMethod.Connect];

    public static bool MayResend(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, bool resendNonIdempotentRequests) =>
        resendNonIdempotentRequests
        || !NonIdempotentMethods.Contains(request.Method)
        || outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
}
