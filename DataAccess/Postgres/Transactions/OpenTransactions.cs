using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace DataAccess.Postgres.Transactions;

// The transactions that are open between calls. One that outlives its timeout (its client
// went away, or forgot it) is rolled back and its connection returned to the pool.
internal sealed partial class OpenTransactions(TimeProvider time, ILogger<OpenTransactions> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, OpenTransaction> _open = new(StringComparer.Ordinal);

    public int Count => _open.Count;

    public static string NewId() => "tx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void Add(OpenTransaction transaction)
    {
        _open[transaction.Id] = transaction;
        transaction.Timeout = time.CreateTimer(
            static state => _ = ((OpenTransactions)((object[])state!)[0]).ExpireAsync((string)((object[])state!)[1]),
            new object[] { this, transaction.Id },
            transaction.ExpiresAt - time.GetUtcNow(),
            System.Threading.Timeout.InfiniteTimeSpan);
    }

    public bool TryGet(string id, out OpenTransaction transaction) => _open.TryGetValue(id, out transaction!);

    // Takes the transaction out, so nothing else can use it while it is finished.
    public bool TryRemove(string id, out OpenTransaction transaction) => _open.TryRemove(id, out transaction!);

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _open.Keys)
        {
            if (_open.TryRemove(id, out var transaction))
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private async Task ExpireAsync(string id)
    {
        if (!_open.TryRemove(id, out var transaction))
        {
            return;
        }

        await transaction.Gate.WaitAsync();
        try
        {
            await transaction.Transaction.RollbackAsync();
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The connection broke; disposing it below discards the transaction anyway.
        }
        finally
        {
            transaction.Gate.Release();
            await transaction.DisposeAsync();
        }

        LogExpired(id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId} passed its timeout and was rolled back; its client never committed or rolled it back.")]
    private partial void LogExpired(string transactionId);
}
