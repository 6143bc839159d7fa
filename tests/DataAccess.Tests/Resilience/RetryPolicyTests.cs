using DataAccess.Resilience;
using Microsoft.Extensions.Options;

namespace DataAccess.Tests.Resilience;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Tiny = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData(DatabaseErrorCode.ConnectionTimeout)]
    [InlineData(DatabaseErrorCode.PoolExhausted)]
    [InlineData(DatabaseErrorCode.QueryTimeout)]
    public async Task A_retryable_code_is_tried_again_at_most_max_retries_times(string code)
    {
        var operation = FailingOperation.Always(code);

        var error = await Assert.ThrowsAsync<DatabaseError>(() => Policy(maxRetries: 3).ExecuteAsync(operation.RunAsync, default).AsTask());

        Assert.Equal(code, error.Code);
        Assert.Equal(1 + 3, operation.Attempts);
    }

    [Theory]
    [InlineData(DatabaseErrorCode.DuplicateKey)]
    [InlineData(DatabaseErrorCode.InvalidQuery)]
    [InlineData(DatabaseErrorCode.ConstraintViolation)]
    [InlineData(DatabaseErrorCode.RecordNotFound)]
    [InlineData(DatabaseErrorCode.ConnectionFailed)]
    [InlineData(DatabaseErrorCode.CacheError)]
    public async Task Any_other_code_fails_at_the_first_attempt(string code)
    {
        var operation = FailingOperation.Always(code);

        var error = await Assert.ThrowsAsync<DatabaseError>(() => Policy(maxRetries: 3).ExecuteAsync(operation.RunAsync, default).AsTask());

        Assert.Equal(code, error.Code);
        Assert.Equal(1, operation.Attempts);
    }

    [Fact]
    public async Task An_exception_that_is_not_a_database_error_is_never_retried()
    {
        var operation = new FailingOperation(new InvalidOperationException("a bug"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Policy(maxRetries: 3).ExecuteAsync(operation.RunAsync, default).AsTask());

        Assert.Equal(1, operation.Attempts);
    }

    [Fact]
    public async Task A_failure_that_clears_up_in_time_returns_the_result()
    {
        var operation = new FailingOperation(
            new DatabaseError(DatabaseErrorCode.PoolExhausted, "busy"), new DatabaseError(DatabaseErrorCode.QueryTimeout, "slow"));

        var result = await Policy(maxRetries: 3).ExecuteAsync(operation.RunAsync, default);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task No_retries_configured_means_one_attempt()
    {
        var operation = FailingOperation.Always(DatabaseErrorCode.PoolExhausted);

        await Assert.ThrowsAsync<DatabaseError>(() => Policy(maxRetries: 0).ExecuteAsync(operation.RunAsync, default).AsTask());

        Assert.Equal(1, operation.Attempts);
    }

    [Fact]
    public async Task Delays_double_from_the_base_delay_up_to_the_maximum()
    {
        var time = new RecordingTimeProvider();
        var policy = Policy(maxRetries: 5, baseDelay: TimeSpan.FromMilliseconds(2), maxDelay: TimeSpan.FromMilliseconds(10), time: time);

        await Assert.ThrowsAsync<DatabaseError>(() => policy.ExecuteAsync(FailingOperation.Always(DatabaseErrorCode.QueryTimeout).RunAsync, default).AsTask());

        Assert.Equal([2, 4, 8, 10, 10], time.Delays.Select(delay => delay.TotalMilliseconds));
    }

    [Fact]
    public async Task Jittered_delays_stay_between_zero_and_the_maximum()
    {
        var time = new RecordingTimeProvider();
        var maxDelay = TimeSpan.FromMilliseconds(10);
        var policy = Policy(maxRetries: 6, baseDelay: TimeSpan.FromMilliseconds(2), maxDelay: maxDelay, useJitter: true, time: time);

        var operation = FailingOperation.Always(DatabaseErrorCode.QueryTimeout);

        await Assert.ThrowsAsync<DatabaseError>(() => policy.ExecuteAsync(operation.RunAsync, default).AsTask());

        // A delay jittered down to zero is not waited for, so it leaves no timer behind.
        Assert.Equal(1 + 6, operation.Attempts);
        Assert.NotEmpty(time.Delays);
        Assert.All(time.Delays, delay => Assert.InRange(delay, TimeSpan.Zero, maxDelay));
    }

    [Fact]
    public async Task Cancelling_stops_the_retries()
    {
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;
        var policy = Policy(maxRetries: 3, baseDelay: TimeSpan.FromMinutes(5), maxDelay: TimeSpan.FromMinutes(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => policy.ExecuteAsync<int>(async _ =>
        {
            await Task.Yield();
            attempts++;
            await cancellation.CancelAsync();
            throw new DatabaseError(DatabaseErrorCode.QueryTimeout, "slow");
        }, cancellation.Token).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task The_configured_codes_replace_the_default_ones()
    {
        var policy = Policy(maxRetries: 2, retryableCodes: [DatabaseErrorCode.ConnectionFailed]);
        var connectionFailed = FailingOperation.Always(DatabaseErrorCode.ConnectionFailed);
        var poolExhausted = FailingOperation.Always(DatabaseErrorCode.PoolExhausted);

        await Assert.ThrowsAsync<DatabaseError>(() => policy.ExecuteAsync(connectionFailed.RunAsync, default).AsTask());
        await Assert.ThrowsAsync<DatabaseError>(() => policy.ExecuteAsync(poolExhausted.RunAsync, default).AsTask());

        Assert.Equal((3, 1), (connectionFailed.Attempts, poolExhausted.Attempts));
        Assert.True(policy.IsRetryable(DatabaseErrorCode.ConnectionFailed));
        Assert.False(policy.IsRetryable(DatabaseErrorCode.PoolExhausted));
    }

    [Fact]
    public void By_default_the_contracts_three_codes_are_retryable()
    {
        var policy = new DataAccessRetryPolicy(Options.Create(new RetryOptions()), TimeProvider.System);

        Assert.True(policy.IsRetryable(DatabaseErrorCode.ConnectionTimeout));
        Assert.True(policy.IsRetryable(DatabaseErrorCode.PoolExhausted));
        Assert.True(policy.IsRetryable(DatabaseErrorCode.QueryTimeout));
        Assert.False(policy.IsRetryable(DatabaseErrorCode.ConstraintViolation));
        Assert.False(policy.IsRetryable(DatabaseErrorCode.DuplicateKey));
        Assert.False(policy.IsRetryable(DatabaseErrorCode.InvalidQuery));
    }

    private static DataAccessRetryPolicy Policy(
        int maxRetries, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, bool useJitter = false, List<string>? retryableCodes = null, TimeProvider? time = null)
    {
        var options = new RetryOptions { MaxRetries = maxRetries, BaseDelay = baseDelay ?? Tiny, MaxDelay = maxDelay ?? Tiny, UseJitter = useJitter };
        if (retryableCodes is not null)
        {
            options.RetryableCodes = retryableCodes;
        }

        return new DataAccessRetryPolicy(Options.Create(options), time ?? TimeProvider.System);
    }
}
