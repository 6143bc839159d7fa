using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataAccess.Postgres.Transactions;

// A transaction begun by one call and finished by another. It owns its connection; only
// one operation runs on it at a time.
internal sealed class OpenTransaction(string id, NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset expiresAt) : IAsyncDisposable
{
    public string Id { get; } = id;

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ITimer? Timeout { get; set; }

    // EF Core options over this transaction's connection, for the operations that join it.
    public DbContextOptions<RelayDbContext> ContextOptions => field ??= new DbContextOptionsBuilder<RelayDbContext>().UseNpgsql(Connection).Options;

    public bool IsBroken => Connection.State != ConnectionState.Open;

    public async ValueTask DisposeAsync()
    {
        if (Timeout is not null)
        {
            await Timeout.DisposeAsync();
        }

        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        Gate.Dispose();
    }
}
