using StackExchange.Redis;

namespace DataAccess.Redis;

// SCAN with the cursor in the caller's hands. IServer.KeysAsync hides the cursor (a
// backfill must checkpoint it per page) and cannot filter by TYPE, so the command is sent
// as it is.
internal static class RedisKeyScan
{
    public static async Task<ScanPage> PageAsync(this IDatabaseAsync redis, long cursor, string? pattern = null, int pageSize = 1000, string? type = null)
    {
        var arguments = new List<object>(7) { cursor };
        if (pattern is not null)
        {
            arguments.Add("MATCH");
            arguments.Add(pattern);
        }

        arguments.Add("COUNT");
        arguments.Add(pageSize);
        if (type is not null)
        {
            arguments.Add("TYPE");
            arguments.Add(type);
        }

        var reply = await redis.ExecuteAsync("SCAN", arguments);
        var keys = (RedisResult[])reply[1]!;
        return new ScanPage((long)reply[0], [.. keys.Select(key => (string)key!)]);
    }

    // Every matching key once per SCAN guarantee (a key can come twice; callers dedupe).
    public static async IAsyncEnumerable<string> KeysAsync(
        this IDatabaseAsync redis, string? pattern = null, int pageSize = 1000, string? type = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long cursor = 0;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await redis.PageAsync(cursor, pattern, pageSize, type);
            foreach (var key in page.Keys)
            {
                yield return key;
            }

            cursor = page.Cursor;
        }
        while (cursor != 0);
    }
}

// One SCAN reply: the cursor to continue from (0 when the scan is complete) and its keys.
internal sealed record ScanPage(long Cursor, string[] Keys);
