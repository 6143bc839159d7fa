using DataAccess.Diagnostics;
using DataAccess.Postgres.Transactions;
using DataAccess.Resilience;
using Microsoft.EntityFrameworkCore;

namespace DataAccess;

// Runs a data-access operation under the retry policy and turns its failures into results.
// Exceptions that map to no contract code are bugs and are left to propagate. Inside a
// joined transaction nothing is retried: a failed statement aborts the transaction up to
// the operation's savepoint, so a second attempt could only fail again.
public sealed class OperationRunner(DataAccessRetryPolicy retryPolicy)
{
    public async Task<DataResult<T>> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            var data = JoinedTransaction.Current is null
                ? await retryPolicy.ExecuteAsync(async token => await MapFailuresAsync(operation, token), cancellationToken)
                : await MapFailuresAsync(operation, cancellationToken);
            return DataResult<T>.Ok(data);
        }
        catch (DatabaseError error)
        {
            DataAccessTelemetry.RecordFailure(error.Code);
            return DataResult<T>.Fail(error);
        }
    }

    public async Task<DataResult> RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var result = await RunAsync(async token =>
        {
            await operation(token);
            return true;
        }, cancellationToken);
        return result.Success ? DataResult.Ok() : new DataResult { Error = result.Error, Code = result.Code, Field = result.Field };
    }

    private static async Task<T> MapFailuresAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(cancellationToken);
        }
        catch (Exception exception) when (Unwrap(exception) is { } inner && ErrorMapper.TryMap(inner) is { } error && !cancellationToken.IsCancellationRequested)
        {
            throw error;
        }
    }

    // EF Core wraps provider exceptions: in DbUpdateException for writes, and in an
    // InvalidOperationException ("likely due to a transient failure") for lost connections.
    private static Exception Unwrap(Exception exception) => exception switch
    {
        DbUpdateException { InnerException: { } inner } => inner,
        InvalidOperationException { InnerException: Npgsql.NpgsqlException inner } => inner,
        _ => exception,
    };
}
