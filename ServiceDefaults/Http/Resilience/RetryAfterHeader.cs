using System.Net;

namespace ServiceDefaults.Http.Resilience;

// A server that answers 429 or 503 with Retry-After knows better than our backoff when it can
// take the request again.
internal static class RetryAfterHeader
{
    public static TimeSpan? RequestedDelay(HttpResponseMessage? response, TimeProvider timeProvider)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable })
        {
            return null;
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var untilDate = date - timeProvider.GetUtcNow();
            return untilDate > TimeSpan.Zero ? untilDate : TimeSpan.Zero;
        }

        return null;
    }
}
