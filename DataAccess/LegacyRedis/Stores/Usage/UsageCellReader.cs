using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Stores.Usage;

// Reads the cells of a usage query with the legacy read rules (layout §9) and adds them up
// per bucket, and per group within a bucket. Buckets holding nothing are left out, as the
// PostgreSQL backend leaves out periods without rows.
internal sealed class UsageCellReader(
    [FromKeyedServices(DataAccessHostingExtensions.LegacyRedisConnectionName)] IConnectionMultiplexer redis, LegacyHashReader hashes)
{
    private const int KeysPerCall = 1000;

    private readonly IDatabase _redis = redis.GetDatabase();

    public async Task<IReadOnlyList<UsageStatsRow>> ReadRowsAsync(IReadOnlyList<UsageCell> cells, bool grouped, CancellationToken cancellationToken)
    {
        var counts = await ReadAsync(cells, cancellationToken);
        return [.. counts
            .GroupBy(cell => cell.Cell.Label, StringComparer.Ordinal)
            .OrderBy(bucket => bucket.Key, StringComparer.Ordinal)
            .Select(bucket => Row(
                bucket.Key,
                UsageCountsMath.Sum(bucket.Select(cell => cell.Counts)),
                grouped
                    ? bucket.GroupBy(cell => cell.Cell.Group ?? "", StringComparer.Ordinal)
                        .ToDictionary(group => group.Key, group => UsageCountsMath.Sum(group.Select(cell => cell.Counts)), StringComparer.Ordinal)
                    : null))];
    }

    public async Task<IReadOnlyList<(UsageCell Cell, UsageCounts Counts)>> ReadAsync(IReadOnlyList<UsageCell> cells, CancellationToken cancellationToken)
    {
        var tokens = await hashes.ReadManyAsync([.. cells.Select(cell => cell.TokenKey)], cancellationToken);
        var costs = new List<decimal>(cells.Count);
        foreach (var chunk in cells.Chunk(KeysPerCall))
        {
            costs.AddRange((await _redis.StringGetAsync([.. chunk.Select(cell => (RedisKey)cell.CostKey)])).Select(value => JsValues.ParseFloat((string?)value)));
        }

        var read = new List<(UsageCell, UsageCounts)>();
        for (var i = 0; i < cells.Count; i++)
        {
            var fields = tokens[i] ?? new Dictionary<string, string>();
            if (fields.Count == 0 && costs[i] == 0)
            {
                continue;
            }

            var legacy = cells[i].KeyLevel ? LegacyUsageFields.ReadKeyUsage(fields) : LegacyUsageFields.ReadAccountUsage(fields);
            read.Add((cells[i], UsageCountsMath.From(legacy, costs[i])));
        }

        return read;
    }

    private static UsageStatsRow Row(string label, UsageCounts counts, IReadOnlyDictionary<string, UsageCounts>? groups) => new()
    {
        Date = label,
        Requests = counts.Requests,
        InputTokens = counts.InputTokens,
        OutputTokens = counts.OutputTokens,
        CacheCreateTokens = counts.CacheCreateTokens,
        CacheReadTokens = counts.CacheReadTokens,
        TotalTokens = counts.TotalTokens,
        Cost = counts.Cost,
        Groups = groups,
    };
}
