using Npgsql;

namespace DataAccess.Postgres.Transactions;

// Statements that commit together: a transaction of their own on a pooled connection or,
// inside a joined transaction, a savepoint in it. Disposed without CommitAsync, they are
// undone either way.
internal sealed class StatementScope : IAsyncDisposable
{
    private const string Savepoint = "statements";

    private readonly bool _owned;
    private bool _committed;

    private StatementScope(NpgsqlConnection connection, NpgsqlTransaction transaction, bool owned)
    {
        Connection = connection;
        Transaction = transaction;
        _owned = owned;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static async Task<StatementScope> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (JoinedTransaction.Current is { } joined)
        {
            await joined.Transaction.SaveAsync(Savepoint, cancellationToken);
            return new StatementScope(joined.Connection, joined.Transaction, owned: false);
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new StatementScope(connection, await connection.BeginTransactionAsync(cancellationToken), owned: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_owned)
        {
            await Transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await Transaction.ReleaseAsync(Savepoint, cancellationToken);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        else if (!_committed && Connection.State == System.Data.ConnectionState.Open)
        {
            await Transaction.RollbackAsync(Savepoint, CancellationToken.None);
        }
    }
}
