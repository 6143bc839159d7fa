using DataAccess.LegacyRedis.Adapter.Models;
using DataAccess.LegacyRedis.Adapter.Reading;
using DataAccess.LegacyRedis.Layout;
using DataAccess.Redis;
using StackExchange.Redis;

namespace DataAccess.LegacyRedis.Adapter;

// The dashboard statistics of layout §9. Failures are reported, not turned into zeros.
internal sealed partial class LegacyRedisAdapter
{
    public async Task<LegacySystemStats> GetSystemStatsAsync(CancellationToken cancellationToken = default)
    {
        var apiKeys = await CountAsync(ApiKeyPrefix + "*", "hash", key => ApiKeyIdOf(key) is not null, cancellationToken);
        var claudeAccounts = await CountAsync(ClaudeAccountPrefix + "*", "hash", key => IdAfter(ClaudeAccountPrefix, key) is not null, cancellationToken);
        var usage = await CountAsync("usage:*", null, _ => true, cancellationToken);
        return new LegacySystemStats(apiKeys, claudeAccounts, usage);
    }

    public async Task<LegacyTodayStats> GetTodayStatsAsync(CancellationToken cancellationToken = default)
    {
        var today = buckets.Date(time.GetUtcNow());
        var daily = await hashes.ReadManyAsync(await ScanKeysAsync($"usage:daily:*:{today}", cancellationToken), cancellationToken);
        long requests = 0, tokens = 0, input = 0, output = 0, cacheCreate = 0, cacheRead = 0;
        foreach (var fields in daily.OfType<IReadOnlyDictionary<string, string>>())
        {
            var counts = LegacyUsageFields.ReadKeyUsage(fields);
            requests += counts.Requests;
            tokens += JsValues.ParseInt(fields.GetValueOrDefault("tokens"));
            input += counts.InputTokens;
            output += counts.OutputTokens;
            cacheCreate += counts.CacheCreateTokens;
            cacheRead += counts.CacheReadTokens;
        }

        var createdToday = (await GetAllApiKeysAsync(cancellationToken))
            .Count(key => JsValues.ParseIso(key.Fields.GetValueOrDefault("createdAt")) is { } createdAt && buckets.Date(createdAt) == today);
        return new LegacyTodayStats(requests, tokens, input, output, cacheCreate, cacheRead, createdToday);
    }

    public async Task<LegacySystemAverages> GetSystemAveragesAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var keys = await GetAllApiKeysAsync(cancellationToken);
        var totals = await hashes.ReadManyAsync([.. keys.Select(key => LegacyKeys.KeyTotals(key.Id))], cancellationToken);
        long requests = 0, tokens = 0, input = 0, output = 0;
        foreach (var fields in totals.OfType<IReadOnlyDictionary<string, string>>())
        {
            requests += JsValues.ParseInt(fields.GetValueOrDefault("totalRequests"));
            tokens += JsValues.ParseInt(fields.GetValueOrDefault("totalTokens"));
            input += JsValues.ParseInt(fields.GetValueOrDefault("totalInputTokens"));
            output += JsValues.ParseInt(fields.GetValueOrDefault("totalOutputTokens"));
        }

        var oldest = keys.Select(key => JsValues.ParseIso(key.Fields.GetValueOrDefault("createdAt"))).Min();
        var averages = LegacyAverages.Since(oldest, now, requests, tokens);
        return new LegacySystemAverages(averages.Rpm, averages.Tpm, input, output, tokens);
    }

    public async Task<LegacyRealtimeMetrics> GetRealtimeSystemMetricsAsync(CancellationToken cancellationToken = default)
    {
        var window = options.MetricsWindowMinutes;
        var current = BucketLabels.EpochMinute(time.GetUtcNow());
        var minutes = await hashes.ReadManyAsync([.. Enumerable.Range(0, window).Select(i => LegacyKeys.SystemMinute(current - i))], cancellationToken);
        long requests = 0, tokens = 0, input = 0, output = 0, cacheCreate = 0, cacheRead = 0;
        foreach (var fields in minutes.OfType<IReadOnlyDictionary<string, string>>())
        {
            requests += JsValues.ParseInt(fields.GetValueOrDefault("requests"));
            tokens += JsValues.ParseInt(fields.GetValueOrDefault("totalTokens"));
            input += JsValues.ParseInt(fields.GetValueOrDefault("inputTokens"));
            output += JsValues.ParseInt(fields.GetValueOrDefault("outputTokens"));
            cacheCreate += JsValues.ParseInt(fields.GetValueOrDefault("cacheCreateTokens"));
            cacheRead += JsValues.ParseInt(fields.GetValueOrDefault("cacheReadTokens"));
        }

        return new LegacyRealtimeMetrics(
            LegacyAverages.Round2((double)requests / window),
            LegacyAverages.Round2((double)tokens / window),
            window, requests, tokens, input, output, cacheCreate, cacheRead);
    }

    private async Task<long> CountAsync(string pattern, string? type, Func<string, bool> counts, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in _redis.KeysAsync(pattern, ScanPageSize, type, cancellationToken))
        {
            if (counts(key))
            {
                keys.Add(key);
            }
        }

        return keys.Count;
    }
}
