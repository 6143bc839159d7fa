using System.Data;
using DataAccess.Storage;
using DataAccess.Transactions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataAccess.Postgres.Transactions;

internal sealed class PostgresTransactionManager(
    NpgsqlDataSource dataSource,
    OperationRunner runner,
    OpenTransactions open,
    IOptions<TransactionSettings> settings,
    TimeProvider time) : ITransactionManager, ITransactionJoiner
{
    private const string OperationSavepoint = "operation";

    public Task<DataResult<TransactionHandle>> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            options ??= new TransactionOptions();
            var timeout = Timeout(options, "");
            var isolation = Isolation(options, "");
            if (!open.TryReserveSlot(settings.Value.MaxOpenTransactions))
            {
                throw new DatabaseError(DatabaseErrorCode.PoolExhausted,
                    $"{settings.Value.MaxOpenTransactions} transactions are open, the configured maximum; commit or roll one back first.");
            }

            NpgsqlConnection? connection = null;
            try
            {
                connection = await dataSource.OpenConnectionAsync(token);
                var transaction = await BeginAsync(connection, isolation, options.ReadOnly, token);
                var handle = new OpenTransaction(OpenTransactions.NewId(), connection, transaction, time.GetUtcNow() + timeout);
                open.Add(handle);
                return new TransactionHandle(handle.Id, handle.ExpiresAt);
            }
            catch
            {
                open.ReleaseSlot();
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                throw;
            }
        }, cancellationToken);

    public bool IsOpen(string transactionId) => open.TryGet(transactionId, out _);

    public Task<DataResult> CommitTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        FinishAsync(transactionId, commit: true, cancellationToken);

    public Task<DataResult> RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        FinishAsync(transactionId, commit: false, cancellationToken);

    public Task<DataResult<BatchResult>> BatchOperationAsync(
        IReadOnlyList<BatchOperation> operations, TransactionOptions? options = null, string? transactionId = null, CancellationToken cancellationToken = default) =>
        runner.RunAsync(async token =>
        {
            var statements = Build(operations);
            if (transactionId is not null)
            {
                // The open transaction's options were set when it began; new ones here would
                // silently mean nothing.
                return options is null
                    ? await RunInOpenTransactionAsync(transactionId, operations, statements, token)
                    : throw DatabaseError.Invalid("options", "apply when a transaction begins; a batch in an open transaction runs under that transaction's.");
            }

            options ??= new TransactionOptions();
            var timeout = Timeout(options, "options.");
            var isolation = Isolation(options, "options.");
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var transaction = await BeginAsync(connection, isolation, options.ReadOnly, token);
            var result = await ExecuteAsync(connection, transaction, operations, statements, timeout, token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);

    public async Task<DataResult<T>> JoinAsync<T>(
        string transactionId, IReadOnlyCollection<DataType> writes, Func<CancellationToken, Task<T>> operation, Func<T, bool> keep,
        CancellationToken cancellationToken = default)
    {
        if (!open.TryGet(transactionId ?? "", out var transaction))
        {
            return DataResult<T>.Fail(NotOpen(transactionId));
        }

        try
        {
            await transaction.Gate.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // It timed out and was disposed while this operation waited for its turn.
            return DataResult<T>.Fail(NotOpen(transactionId));
        }

        try
        {
            if (!open.TryGet(transactionId!, out _) || transaction.IsBroken)
            {
                return DataResult<T>.Fail(NotOpen(transactionId));
            }

            await transaction.Transaction.SaveAsync(OperationSavepoint, cancellationToken);
            T result;
            JoinedTransaction.Current = transaction;
            try
            {
                result = await operation(cancellationToken);
            }
            catch (Exception) when (!transaction.IsBroken)
            {
                await transaction.Transaction.RollbackAsync(OperationSavepoint, CancellationToken.None);
                throw;
            }
            finally
            {
                JoinedTransaction.Current = null;
            }

            // A failed operation is undone alone, as a failed batch is: left aborted, the
            // transaction would answer the client's COMMIT by rolling back everything.
            if (keep(result))
            {
                await transaction.Transaction.ReleaseAsync(OperationSavepoint, cancellationToken);
            }
            else
            {
                await transaction.Transaction.RollbackAsync(OperationSavepoint, CancellationToken.None);
            }

            return DataResult<T>.Ok(result);
        }
        catch (Exception exception) when (ErrorMapper.TryMap(exception) is { } error)
        {
            return DataResult<T>.Fail(error);
        }
        finally
        {
            transaction.Gate.Release();
        }
    }

    private List<NpgsqlBatchCommand> Build(IReadOnlyList<BatchOperation> operations)
    {
        if (operations is null || operations.Count == 0)
        {
            throw DatabaseError.Invalid("operations", "must hold at least one operation.");
        }

        if (operations.Count > settings.Value.MaxOperationsPerBatch)
        {
            throw DatabaseError.Invalid("operations", $"must hold at most {settings.Value.MaxOperationsPerBatch} operations.");
        }

        return [.. operations.Select(BatchStatementBuilder.Build)];
    }

    // All or nothing inside the open transaction too: a savepoint undoes a failed batch and
    // leaves the transaction usable.
    private async Task<BatchResult> RunInOpenTransactionAsync(
        string transactionId, IReadOnlyList<BatchOperation> operations, List<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        if (!open.TryGet(transactionId, out var transaction))
        {
            throw NotOpen(transactionId);
        }

        await transaction.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!open.TryGet(transactionId, out _) || transaction.IsBroken)
            {
                throw NotOpen(transactionId);
            }

            await transaction.Transaction.SaveAsync("batch", cancellationToken);
            try
            {
                var result = await ExecuteAsync(transaction.Connection, transaction.Transaction, operations, statements, null, cancellationToken);
                await transaction.Transaction.ReleaseAsync("batch", cancellationToken);
                return result;
            }
            catch (Exception) when (!transaction.IsBroken)
            {
                // Whatever stopped the batch (an error, a cancelled or timed-out statement), it
                // is undone alone. Left aborted, the transaction would answer the client's
                // COMMIT by rolling back every batch, and PostgreSQL reports that as success.
                await transaction.Transaction.RollbackAsync("batch", CancellationToken.None);
                throw;
            }
        }
        finally
        {
            transaction.Gate.Release();
        }
    }

    private static async Task<BatchResult> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<BatchOperation> operations,
        List<NpgsqlBatchCommand> statements, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (timeout is { } limit)
        {
            batch.Timeout = (int)Math.Ceiling(limit.TotalSeconds);
        }

        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(statement);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new BatchResult([.. operations.Select((operation, i) => new BatchOperationResult(operation.Type, operation.Table, statements[i].RecordsAffected))]);
    }

    private Task<DataResult> FinishAsync(string transactionId, bool commit, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            if (!open.TryRemove(transactionId ?? "", out var transaction))
            {
                throw NotOpen(transactionId);
            }

            await transaction.Gate.WaitAsync(token);
            try
            {
                if (commit)
                {
                    await transaction.Transaction.CommitAsync(token);
                }
                else
                {
                    await transaction.Transaction.RollbackAsync(token);
                }
            }
            finally
            {
                transaction.Gate.Release();
                await transaction.DisposeAsync();
            }
        }, cancellationToken);

    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, IsolationLevel isolation, bool readOnly, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
        if (readOnly)
        {
            await using var setReadOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction);
            await setReadOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        return transaction;
    }

    // An undefined value (a cast integer, a new member) is refused rather than quietly run
    // at a weaker level than the caller asked for.
    // Field names are prefixed with "options." where the options sit beside the operations.
    private static IsolationLevel Isolation(TransactionOptions options, string prefix) => options.IsolationLevel switch
    {
        TransactionIsolation.ReadCommitted => IsolationLevel.ReadCommitted,
        TransactionIsolation.Serializable => IsolationLevel.Serializable,
        _ => throw DatabaseError.Invalid(prefix + "isolationLevel", "must be READ_COMMITTED or SERIALIZABLE."),
    };

    private TimeSpan Timeout(TransactionOptions options, string prefix)
    {
        if (options.Timeout is not { } milliseconds)
        {
            return settings.Value.DefaultTimeout;
        }

        var timeout = TimeSpan.FromMilliseconds(milliseconds);
        return timeout > TimeSpan.Zero && timeout <= settings.Value.MaxTimeout
            ? timeout
            : throw DatabaseError.Invalid(prefix + "timeout", $"must be between 1 and {settings.Value.MaxTimeout.TotalMilliseconds:0} milliseconds.");
    }

    private static DatabaseError NotOpen(string? transactionId) =>
        new(DatabaseErrorCode.RecordNotFound, $"Transaction '{transactionId}' is not open: it was committed, rolled back, timed out, or never existed.");
}
