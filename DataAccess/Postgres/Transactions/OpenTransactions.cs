using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace DataAccess.Postgres.Transactions;

// The transactions that are open between calls. One that outlives its timeout (its client
// went away, or forgot it) is rolled back and its connection returned to the pool.
internal sealed partial class OpenTransactions(TimeProvider time, ILogger<OpenTransactions> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, OpenTransaction> _open = new(StringComparer.Ordinal);

    // Open transactions plus those being begun. A begin takes its slot before it opens a
    // connection, so begins that run at the same time cannot all pass a check of the count.
    private int _slots;

    public int Count => Volatile.Read(ref _slots);

    public static string NewId() => "tx_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool TryReserveSlot(int maximum)
    {
        var taken = Volatile.Read(ref _slots);
        while (taken < maximum)
        {
            var seen = Interlocked.CompareExchange(ref _slots, taken + 1, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }

        return false;
    }

    // For a begin that failed after it reserved its slot.
    public void ReleaseSlot() => Interlocked.Decrement(ref _slots);

    // Takes up the slot reserved for it.
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

    // Takes the transaction out, so nothing else can use it while it is finished, and
    // frees its slot.
    public bool TryRemove(string id, out OpenTransaction transaction)
    {
        if (!_open.TryRemove(id, out transaction!))
        {
            return false;
        }

        ReleaseSlot();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _open.Keys)
        {
            if (TryRemove(id, out var transaction))
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private async Task ExpireAsync(string id)
    {
        if (!TryRemove(id, out var transaction))
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
