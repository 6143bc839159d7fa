using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ServiceDefaults.Http.Resilience;

// The strategies of Microsoft's standard resilience handler, outermost first: total timeout,
// retry, circuit breaker, attempt timeout. The breaker sits inside the retry so that every
// attempt counts towards it and an open circuit stops the retries.
internal static class StandardResiliencePipeline
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("ServiceDefaults.Http.Request");

    public static ResiliencePipeline<HttpResponseMessage> Create(HttpResilienceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(options.TotalRequestTimeout);

        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(Retry(options, timeProvider, logger));
        }

        return pipeline
            .AddCircuitBreaker(CircuitBreaker(options, logger))
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    // Polly disposes the response of a failed attempt before it retries, which returns its
    // connection to the pool.
    private static RetryStrategyOptions<HttpResponseMessage> Retry(HttpResilienceOptions options, TimeProvider timeProvider, ILogger logger) => new()
    {
        MaxRetryAttempts = options.MaxRetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryBaseDelay,
        ShouldHandle = arguments => ValueTask.FromResult(
            TransientHttpFailure.IsTransient(arguments.Outcome)
            && arguments.Context.Properties.TryGetValue(RequestKey, out var request)
            && RequestReplaySafety.MayResend(request, arguments.Outcome, options.RetryNonIdempotentRequests)),
        DelayGenerator = arguments => ValueTask.FromResult(RetryAfterHeader.RequestedDelay(arguments.Outcome.Result, timeProvider)),
        OnRetry = arguments =>
        {
            arguments.Context.Properties.TryGetValue(RequestKey, out var request);
            ResilienceLog.Retrying(
                logger,
                request?.Method,
                request?.RequestUri?.GetLeftPart(UriPartial.Path),
                Describe(arguments.Outcome),
                arguments.AttemptNumber + 1,
                arguments.RetryDelay);
            return ValueTask.CompletedTask;
        },
    };

    private static CircuitBreakerStrategyOptions<HttpResponseMessage> CircuitBreaker(HttpResilienceOptions options, ILogger logger) => new()
    {
        FailureRatio = options.CircuitBreakerFailureRatio,
        MinimumThroughput = options.CircuitBreakerMinimumThroughput,
        SamplingDuration = options.CircuitBreakerSamplingDuration,
        BreakDuration = options.CircuitBreakerBreakDuration,
        ShouldHandle = arguments => ValueTask.FromResult(TransientHttpFailure.IsTransient(arguments.Outcome)),
        OnOpened = arguments =>
        {
            ResilienceLog.CircuitOpened(logger, arguments.BreakDuration);
            return ValueTask.CompletedTask;
        },
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"status {(int)outcome.Result!.StatusCode}";
}
