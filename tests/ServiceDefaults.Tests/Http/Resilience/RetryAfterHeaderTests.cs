using System.Net;
using System.Net.Http.Headers;
using ServiceDefaults.Http.Resilience;

namespace ServiceDefaults.Tests.Http.Resilience;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_delay_in_seconds_is_taken_as_it_is()
    {
        using var response = Response(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.RequestedDelay(response, new FixedTime(Now)));
    }

    [Fact]
    public void A_date_means_waiting_until_then()
    {
        using var response = Response(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(12)));

        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfterHeader.RequestedDelay(response, new FixedTime(Now)));
    }

    [Fact]
    public void A_date_in_the_past_means_no_wait()
    {
        using var response = Response(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(-5)));

        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.RequestedDelay(response, new FixedTime(Now)));
    }

    [Fact]
    public void Other_statuses_leave_the_delay_to_the_backoff()
    {
        using var response = Response(HttpStatusCode.InternalServerError, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        Assert.Null(RetryAfterHeader.RequestedDelay(response, new FixedTime(Now)));
    }

    private static HttpResponseMessage Response(HttpStatusCode status, RetryConditionHeaderValue retryAfter) =>
        new(status) { Headers = { RetryAfter = retryAfter } };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
