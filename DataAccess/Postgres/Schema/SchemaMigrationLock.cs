using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataAccess.Postgres.Schema;

/// <summary>
/// The PostgreSQL advisory lock that lets only one migrator at a time work on a database.
/// </summary>
/// <remarks>
/// A session-level lock, held by the connection the migrations run on: if the runner dies, the
/// server ends the session and the lock goes with it. A second runner waits for the lock, then
/// finds everything applied.
/// </remarks>
public static class SchemaMigrationLock
{
    /// <summary>
    /// The lock key: the ASCII bytes of <c>relaymig</c> read as a big-endian 64-bit integer
    /// (0x72656C61796D6967). Any key works as long as every runner uses the same one and nothing
    /// else in the database does; keys built with <c>hashtext</c> (as the usage partition function's
    /// are) fit in 32 bits and so can never equal it.
    /// </summary>
    public const long Key = 0x72656C61796D6967;

    internal static async Task<IAsyncDisposable> AcquireAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await TryLockAsync(connection, cancellationToken))
        {
            SchemaMigrationLog.WaitingForLock(logger, Key);
            await using var wait = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection)
            {
                // Another runner may hold the lock for as long as its migrations take.
                CommandTimeout = 0,
            };
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Release(connection);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // Closing the connection is not enough: the pool keeps the session, and the lock with it,
    // until the connection is reused.
    private sealed class Release(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                return;
            }

            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
