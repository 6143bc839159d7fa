using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace DataAccess.Resilience;

// Retries an operation that failed with one of the retryable codes; every other failure
// (not found, duplicate, bad input, constraint) is final at once.
public sealed class DataAccessRetryPolicy
{
    private readonly ResiliencePipeline _pipeline;
    private readonly HashSet<string> _retryable;

    public DataAccessRetryPolicy(IOptions<RetryOptions> options, TimeProvider timeProvider)
    {
        var settings = options.Value;
        _retryable = new HashSet<string>(settings.RetryableCodes, StringComparer.Ordinal);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = settings.UseJitter,
                ShouldHandle = new PredicateBuilder().Handle<DatabaseError>(error => _retryable.Contains(error.Code)),
            });
        }

        _pipeline = builder.Build();
    }

    public bool IsRetryable(string code) => _retryable.Contains(code);

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(operation, cancellationToken);
}
