using System.Runtime.CompilerServices;
using DataAccess.Redis;
using StackExchange.Redis;

namespace MigrationService.Backfill.Reading;

// SCAN over the whole keyspace, page by page from a cursor, with the next SCAN already in
// flight while the caller works on the current page. A page's Cursor is where the scan
// continues after it; 0 after the last page.
internal sealed class KeyScanner(IDatabase redis, int pageSize)
{
    public async IAsyncEnumerable<ScanPage> PagesAsync(long cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = redis.PageAsync(cursor, pageSize: pageSize);
        while (true)
        {
            var page = await next.WaitAsync(cancellationToken);
            if (page.Cursor != 0)
            {
                next = redis.PageAsync(page.Cursor, pageSize: pageSize);
            }

            yield return page;
            if (page.Cursor == 0)
            {
                yield break;
            }
        }
    }
}
