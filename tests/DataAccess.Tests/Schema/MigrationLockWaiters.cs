using DataAccess.Postgres.Schema;

namespace DataAccess.Tests.Schema;

// Watches pg_locks for a session queued behind the migration lock, so a test knows a runner
// has reached the lock without guessing how long that takes.
internal static class MigrationLockWaiters
{
    // pg_locks shows a bigint advisory key as its high and low 32 bits.
    private static readonly string WaitingQuery =
        $"""
        SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid::bigint = {SchemaMigrationLock.Key >> 32} AND objid::bigint = {SchemaMigrationLock.Key & 0xFFFFFFFF}
        """;

    public static async Task WaitUntilSomeoneWaitsAsync(MigrationTestDatabase database)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await database.ScalarAsync<long>(WaitingQuery) == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), giveUp.Token);
        }
    }
}
