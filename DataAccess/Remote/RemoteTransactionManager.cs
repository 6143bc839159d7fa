using DataAccess.Transactions;

namespace DataAccess.Remote;

// Transactions stay open in the DataService between calls; the handle's id names them.
internal sealed class RemoteTransactionManager(DataServiceClient client) : ITransactionManager
{
    private const string Transactions = "api/v1/transactions";

    public Task<DataResult<TransactionHandle>> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        client.SendAsync<TransactionHandle>(DataServiceRequest.Post(Transactions, options), cancellationToken);

    public Task<DataResult> CommitTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        CannotBeInPath(transactionId)
            ? Task.FromResult(DataResult.Fail(NotOpen(transactionId)))
            : client.SendAsync(DataServiceRequest.Post($"{Transactions}/{Uri.EscapeDataString(transactionId)}/commit"), cancellationToken);

    public Task<DataResult> RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken = default) =>
        CannotBeInPath(transactionId)
            ? Task.FromResult(DataResult.Fail(NotOpen(transactionId)))
            : client.SendAsync(DataServiceRequest.Post($"{Transactions}/{Uri.EscapeDataString(transactionId)}/rollback"), cancellationToken);

    // Inside an open transaction its options were given when it began.
    public Task<DataResult<BatchResult>> BatchOperationAsync(
        IReadOnlyList<BatchOperation> operations, TransactionOptions? options = null, string? transactionId = null, CancellationToken cancellationToken = default)
    {
        if (transactionId is null)
        {
            return client.SendAsync<BatchResult>(DataServiceRequest.Post($"{Transactions}/batch", new { operations, options }), cancellationToken);
        }

        return CannotBeInPath(transactionId)
            ? Task.FromResult(DataResult<BatchResult>.Fail(NotOpen(transactionId)))
            : client.SendAsync<BatchResult>(DataServiceRequest.Post($"{Transactions}/{Uri.EscapeDataString(transactionId)}/batch", new { operations }), cancellationToken);
    }

    // A URL path segment cannot be empty, "." or ".."; no open transaction has such an id.
    private static bool CannotBeInPath(string transactionId) => transactionId is "" or "." or "..";

    private static DatabaseError NotOpen(string transactionId) => DatabaseError.NotFound("Transaction", transactionId);
}
