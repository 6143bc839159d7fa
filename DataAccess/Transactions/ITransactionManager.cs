namespace DataAccess.Transactions;

// Explicit transactions and all-or-nothing batches (seed 003 TransactionInterface). Batch
// operations name tables and columns from an allow-list; values are always bound as
// parameters, never written into SQL.
public interface ITransactionManager
{
    Task<DataResult<TransactionHandle>> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default);

    Task<DataResult> CommitTransactionAsync(string transactionId, CancellationToken cancellationToken = default);

    Task<DataResult> RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken = default);

    // Runs the operations in one transaction: inside the open transaction transactionId
    // names, or in a new one committed at the end.
    Task<DataResult<BatchResult>> BatchOperationAsync(
        IReadOnlyList<BatchOperation> operations, TransactionOptions? options = null, string? transactionId = null, CancellationToken cancellationToken = default);
}
