using System.Collections.Concurrent;
using DataAccess.Postgres.Transactions;
using DataAccess.Storage;
using DataAccess.Transactions;

namespace DataAccess.Hybrid;

// Batch operations change rows behind the stores' backs, and operations that join a
// transaction change rows other readers cannot see until it commits, so every cached entry of
// a touched data type is dropped once the change is committed (not before: a read in between
// would cache the old row again).
internal sealed class HybridTransactionManager(PostgresTransactionManager database, CacheInvalidator invalidator) : ITransactionManager, ITransactionJoiner
{
    private readonly ConcurrentDictionary<string, HashSet<DataType>> _touched = new(StringComparer.Ordinal);

    public Task<DataResult<TransactionHandle>> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        database.BeginTransactionAsync(options, cancellationToken);

    public async Task<DataResult> CommitTransactionAsync(string transactionId, CancellationToken cancellationToken = default)
    {
        // Taken out before committing: once committed the transaction is no longer open,
        // and another caller's ForgetFinished could drop the entry first.
        _touched.TryRemove(transactionId, out var touched);
        var result = await database.CommitTransactionAsync(transactionId, cancellationToken);
        if (result.Success && touched is not null)
        {
            await InvalidateAsync(touched, cancellationToken);
        }

        return result;
    }

    public async Task<DataResult> RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken = default)
    {
        _touched.TryRemove(transactionId, out _);
        return await database.RollbackTransactionAsync(transactionId, cancellationToken);
    }

    public async Task<DataResult<BatchResult>> BatchOperationAsync(
        IReadOnlyList<BatchOperation> operations, TransactionOptions? options = null, string? transactionId = null, CancellationToken cancellationToken = default)
    {
        var result = await database.BatchOperationAsync(operations, options, transactionId, cancellationToken);
        if (!result.Success)
        {
            return result;
        }

        var touched = operations
            .Select(operation => BatchTables.All[operation.Table].CachedAs)
            .OfType<DataType>()
            .ToHashSet();
        if (transactionId is null)
        {
            await InvalidateAsync(touched, cancellationToken);
        }
        else
        {
            Remember(transactionId, touched);
        }

        return result;
    }

    public async Task<DataResult<T>> JoinAsync<T>(
        string transactionId, IReadOnlyCollection<DataType> writes, Func<CancellationToken, Task<T>> operation, Func<T, bool> keep,
        CancellationToken cancellationToken = default)
    {
        var result = await database.JoinAsync(transactionId, writes, operation, keep, cancellationToken);
        if (result.Success && keep(result.Data!))
        {
            // Usage is read from PostgreSQL only; nothing of it is cached.
            Remember(transactionId, [.. writes.Where(dataType => dataType != DataType.Usage)]);
        }

        return result;
    }

    private void Remember(string transactionId, HashSet<DataType> touched)
    {
        _touched.AddOrUpdate(transactionId, touched, (_, existing) =>
        {
            lock (existing)
            {
                existing.UnionWith(touched);
            }

            return existing;
        });
        ForgetFinished();
    }

    // Transactions that timed out were never committed: nothing to invalidate, nothing to keep.
    private void ForgetFinished()
    {
        foreach (var id in _touched.Keys)
        {
            if (!database.IsOpen(id))
            {
                _touched.TryRemove(id, out _);
            }
        }
    }

    private async Task InvalidateAsync(HashSet<DataType> dataTypes, CancellationToken cancellationToken)
    {
        foreach (var dataType in dataTypes)
        {
            await invalidator.InvalidateAllAsync(dataType, cancellationToken);
        }
    }
}
