using Npgsql;

namespace MigrationService.Backfill.Writing;

// One migrating run at a time per database: a second MigrationService waits for the first and
// then runs again, which changes nothing that did not change in Redis meanwhile. A session
// lock, held by a connection of its own for the whole run.
internal sealed class BackfillLock : IAsyncDisposable
{
    // "legacybf" in ASCII: any constant will do, as long as nothing else uses it.
    private const long LockKey = 0x6c65676163796266;

    private readonly NpgsqlConnection _connection;

    private BackfillLock(NpgsqlConnection connection)
    {
        _connection = connection;
    }

    public static async Task<BackfillLock> AcquireAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            attempt.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            if (!(bool)(await attempt.ExecuteScalarAsync(cancellationToken))!)
            {
                BackfillLog.WaitingForLock(logger);
                await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { CommandTimeout = 0 };
                wait.Parameters.Add(new NpgsqlParameter { Value = LockKey });
                await wait.ExecuteNonQueryAsync(cancellationToken);
            }

            return new BackfillLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Released explicitly: a pooled connection stays open after it is disposed. (If the process
    // dies, the closed connection releases the lock.)
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            unlock.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            await unlock.ExecuteNonQueryAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
