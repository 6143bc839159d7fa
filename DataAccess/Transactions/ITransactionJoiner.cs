using DataAccess.Storage;

namespace DataAccess.Transactions;

// Lets a typed operation (create a key, record usage, ...) run inside a transaction that
// beginTransaction opened, so that several of them commit or roll back together: the
// seed's transaction "client" over HTTP. One operation at a time per transaction; a failed
// one is undone alone (a savepoint), leaving the transaction usable.
public interface ITransactionJoiner
{
    // Runs operation inside the open transaction. keep tells from its result whether it
    // succeeded: its writes are kept, or undone when it did not. writes names the data types
    // the operation may change, which caches drop once the transaction commits. A transaction
    // that is not open, or a backend that cannot join one, answers a failed result and the
    // operation never runs.
    Task<DataResult<T>> JoinAsync<T>(
        string transactionId, IReadOnlyCollection<DataType> writes, Func<CancellationToken, Task<T>> operation, Func<T, bool> keep,
        CancellationToken cancellationToken = default);
}
