using DataAccess.Storage;
using DataAccess.Transactions;

namespace DataAccess.LegacyRedis.Stores;

// Explicit transactions and table batches, refused with the backend's reason: the legacy
// layout has no tables and no transactions to hold open, and in dual mode a batch would
// change PostgreSQL rows behind the legacy layout's back.
internal sealed class UnsupportedTransactionManager(string reason) : ITransactionManager, ITransactionJoiner
{
    public Task<DataResult<TransactionHandle>> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult<TransactionHandle>.Fail(LegacyLimits.Unsupported(reason)));

    public Task<DataResult> CommitTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult.Fail(LegacyLimits.Unsupported(reason)));

    public Task<DataResult> RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult.Fail(LegacyLimits.Unsupported(reason)));

    public Task<DataResult<BatchResult>> BatchOperationAsync(
        IReadOnlyList<BatchOperation> operations, TransactionOptions? options = null, string? transactionId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult<BatchResult>.Fail(LegacyLimits.Unsupported(reason)));

    public Task<DataResult<T>> JoinAsync<T>(
        string transactionId, IReadOnlyCollection<DataType> writes, Func<CancellationToken, Task<T>> operation, Func<T, bool> keep,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(DataResult<T>.Fail(LegacyLimits.Unsupported(reason)));
}
