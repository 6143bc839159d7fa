using System.Runtime.CompilerServices;
using ServiceDefaults.Redis;

namespace MigrationService.Backfill.Reading;

// SCAN over the whole keyspace, page by page from a cursor, with the next SCAN already in
// flight while the caller works on the current page. A page's Cursor is where the scan
// continues after it; 0 after the last page.
internal sealed class KeyScanner(RedisClient redis, int pageSize)
{
    public async IAsyncEnumerable<ScanPage> PagesAsync(long cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = redis.ScanPageAsync(cursor, pageSize: pageSize, cancellationToken: cancellationToken).AsTask();
        while (true)
        {
            var page = await next;
            if (page.Cursor != 0)
            {
                next = redis.ScanPageAsync(page.Cursor, pageSize: pageSize, cancellationToken: cancellationToken).AsTask();
            }

            yield return page;
            if (page.Cursor == 0)
            {
                yield break;
            }
        }
    }
}
