using DataAccess.Resilience;
using DataAccess.Tests.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataAccess.Tests;

public sealed class OperationRunnerTests
{
    private readonly OperationRunner _runner = new(new DataAccessRetryPolicy(
        Options.Create(new RetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(1), UseJitter = false }),
        TimeProvider.System));

    [Fact]
    public async Task A_successful_operation_becomes_a_successful_result_with_its_data()
    {
        var result = await _runner.RunAsync(_ => Task.FromResult("data"), default);

        Assert.Equal(DataResult<string>.Ok("data"), result);
    }

    [Fact]
    public async Task A_database_error_becomes_a_failed_result_with_its_code_message_and_field()
    {
        var result = await _runner.RunAsync<int>(_ => throw DatabaseError.Invalid("name", "is required."), default);

        Assert.Equal((false, DatabaseErrorCode.InvalidQuery, "name: is required.", "name"), (result.Success, result.Code, result.Error, result.Field));
        Assert.Equal(0, result.Data);
    }

    [Fact]
    public async Task Without_data_a_database_error_still_becomes_a_failed_result()
    {
        var succeeded = await _runner.RunAsync(_ => Task.CompletedTask, default);
        var failed = await _runner.RunAsync(_ => throw DatabaseError.NotFound("Key", 7), default);

        Assert.Equal(DataResult.Ok(), succeeded);
        Assert.Equal((false, DatabaseErrorCode.RecordNotFound, "Key '7' was not found.", null), (failed.Success, failed.Code, failed.Error, failed.Field));
    }

    [Fact]
    public async Task A_provider_exception_with_a_code_becomes_a_failed_result()
    {
        var result = await _runner.RunAsync<int>(_ => throw new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation), default);

        Assert.Equal((false, DatabaseErrorCode.DuplicateKey), (result.Success, result.Code));
    }

    // EF Core reports a failed SaveChanges as DbUpdateException around the provider's error.
    [Fact]
    public async Task The_provider_exception_inside_an_ef_core_update_exception_is_mapped()
    {
        var inner = new PostgresException("violates foreign key constraint", "ERROR", "ERROR", PostgresErrorCodes.ForeignKeyViolation);

        var result = await _runner.RunAsync<int>(_ => throw new DbUpdateException("An error occurred while saving.", inner), default);

        Assert.Equal(DatabaseErrorCode.ConstraintViolation, result.Code);
    }

    [Fact]
    public async Task A_mapped_retryable_exception_is_retried_before_it_becomes_a_result()
    {
        var operation = new FailingOperation([.. Enumerable.Range(0, 10).Select(_ => new TimeoutException("slow"))]);

        var result = await _runner.RunAsync(operation.RunTaskAsync, default);

        Assert.Equal(DatabaseErrorCode.QueryTimeout, result.Code);
        Assert.Equal(1 + 2, operation.Attempts);
    }

    [Fact]
    public async Task An_exception_that_maps_to_no_code_propagates_unchanged_and_untried_again()
    {
        var bug = new InvalidOperationException("a bug");
        var operation = new FailingOperation(bug);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => _runner.RunAsync(operation.RunTaskAsync, default));

        Assert.Same(bug, thrown);
        Assert.Equal(1, operation.Attempts);
    }
}
