using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DataAccess.LegacyRedis.Layout;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Mapping;
using MigrationService.Backfill.Reading;
using MigrationService.Backfill.Reporting;
using MigrationService.Backfill.Rows;
using StackExchange.Redis;

namespace MigrationService.Backfill.Passes;

// One pass over the keyspace: SCAN, classify, read in pipelined batches, transform; pages are
// handed to the consumer (a writer, a comparer, a counter) through a small bounded queue, so
// Redis is read while PostgreSQL is written and memory holds a few pages whatever the size of
// the keyspace.
internal sealed class ScanPass(
    IDatabase redis,
    LegacyKeyClassifier classifier,
    PageReader reader,
    PageTransformer transformer,
    int pageSize,
    TimeProvider time)
{
    private const int PagesInFlight = 2;

    // read decides which of the keys the pass reads (all of them when null); the others are
    // only counted as seen.
    public async Task RunAsync(long cursor, Func<LegacyKey, bool>? read, Func<ScannedPage, Task> consume, CancellationToken cancellationToken)
    {
        var pages = Channel.CreateBounded<ScannedPage>(new BoundedChannelOptions(PagesInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(cursor, read, pages.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(stop.Token))
            {
                await consume(page);
            }
        }
        finally
        {
            // The producer ends by completing the queue, never by throwing: a failure there
            // surfaces from the queue in the loop above.
            await stop.CancelAsync();
            await producer;
        }
    }

    // Reads the named keys (a later verification round) as one or more pages without cursors.
    public async Task<List<ScannedPage>> ReadAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var pages = new List<ScannedPage>();
        foreach (var chunk in names.Chunk(pageSize))
        {
            pages.Add(await ReadPageAsync(chunk, null, read: null, cancellationToken));
        }

        return pages;
    }

    private async Task ProduceAsync(long cursor, Func<LegacyKey, bool>? read, ChannelWriter<ScannedPage> pages, CancellationToken cancellationToken)
    {
        try
        {
            var scanner = new KeyScanner(redis, pageSize);
            await foreach (var scan in scanner.PagesAsync(cursor, cancellationToken))
            {
                if (scan.Keys.Contains(LegacyKeys.ApiKeyHashMap) && (read is null || read(new LegacyKey(LegacyKeys.ApiKeyHashMap, LegacyFamily.ApiKeyHashMap))))
                {
                    await foreach (var chunk in ReadHashMapAsync(cancellationToken))
                    {
                        await pages.WriteAsync(chunk, cancellationToken);
                    }
                }

                await pages.WriteAsync(await ReadPageAsync(scan.Keys, scan.Cursor, read, cancellationToken), cancellationToken);
            }

            pages.Complete();
        }
        catch (Exception exception)
        {
            pages.Complete(exception);
        }
    }

    private async Task<ScannedPage> ReadPageAsync(IReadOnlyCollection<string> names, long? cursor, Func<LegacyKey, bool>? read, CancellationToken cancellationToken)
    {
        var rows = new PageRows();
        var toRead = new List<LegacyKey>(names.Count);
        foreach (var name in names)
        {
            var key = classifier.Classify(name);
            rows.Tally.Seen(key.Family);
            switch (FamilyCatalog.DispositionOf(key.Family))
            {
                case FamilyDisposition.Unknown:
                    rows.Tally.Problem(ProblemKind.UnknownKey, name, "no family of the legacy layout; not migrated");
                    break;
                case FamilyDisposition.Malformed:
                    rows.Tally.Problem(ProblemKind.MalformedKey, name, key.Reason);
                    break;
                case FamilyDisposition.Migrated or FamilyDisposition.Checked when key.Family != LegacyFamily.ApiKeyHashMap && (read is null || read(key)):
                    toRead.Add(key);
                    break;
            }
        }

        var values = await reader.ReadAsync(toRead, cancellationToken);
        transformer.Transform(values, time.GetUtcNow(), rows);
        return new ScannedPage(rows, cursor, names.Count);
    }

    // apikey:hash_map goes through HSCAN, a chunk at a time; its entries are counted as the
    // family's records.
    private async IAsyncEnumerable<ScannedPage> ReadHashMapAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var type = await redis.KeyTypeAsync(LegacyKeys.ApiKeyHashMap).WaitAsync(cancellationToken);
        if (type != RedisType.Hash)
        {
            var rows = new PageRows();
            if (type != RedisType.None)
            {
                rows.Tally.Problem(ProblemKind.WrongType, LegacyKeys.ApiKeyHashMap, $"a {type} where a hash is expected; kept in legacy_quarantine");
                rows.Quarantine.Add(new QuarantineRow(LegacyKeys.ApiKeyHashMap, type.ToString().ToLowerInvariant(), "apikey:hash_map is a hash", null, LegacyKeys.ApiKeyHashMap));
            }

            yield return new ScannedPage(rows, null, 0);
            yield break;
        }

        await foreach (var chunk in new HashMapScanner(redis, pageSize).ChunksAsync(cancellationToken))
        {
            var rows = new PageRows();
            foreach (var (hash, keyId) in chunk)
            {
                rows.HashMapEntries.Add(new HashMapEntryRow(hash, keyId, LegacyKeys.ApiKeyHashMap));
            }

            rows.Tally.Migrated(LegacyFamily.ApiKeyHashMap, chunk.Count);
            yield return new ScannedPage(rows, null, 0);
        }
    }
}
