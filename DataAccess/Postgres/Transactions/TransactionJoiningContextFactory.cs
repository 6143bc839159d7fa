using Microsoft.EntityFrameworkCore;

namespace DataAccess.Postgres.Transactions;

// The stores' DbContext factory: a pooled context normally, and inside a joined transaction
// a context on that transaction's connection, enlisted in it. The stores do not know which.
internal sealed class TransactionJoiningContextFactory(IDbContextFactory<RelayDbContext> pooled) : IDbContextFactory<RelayDbContext>
{
    public RelayDbContext CreateDbContext()
    {
        if (JoinedTransaction.Current is not { } joined)
        {
            return pooled.CreateDbContext();
        }

        var context = new RelayDbContext(joined.ContextOptions);
        context.Database.UseTransaction(joined.Transaction);
        return context;
    }

    public async Task<RelayDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        if (JoinedTransaction.Current is not { } joined)
        {
            return await pooled.CreateDbContextAsync(cancellationToken);
        }

        var context = new RelayDbContext(joined.ContextOptions);
        await context.Database.UseTransactionAsync(joined.Transaction, cancellationToken);
        return context;
    }
}
