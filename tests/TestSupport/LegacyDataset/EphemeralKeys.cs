using System.Globalization;
using System.Text.Json;
using DataAccess.LegacyRedis.Layout;

namespace TestSupport.LegacyDataset;

// The families a backfill skips by design (layout §12): concurrency counters, rate-limit
// windows, minute metrics (without a TTL, as the stock reference config leaves them), error
// counters, refresh locks, the Claude Code header cache; plus keys the reference commit never
// writes and this service's own cache keys on a shared Redis.
public static class EphemeralKeys
{
    public static async Task WriteAsync(RedisBulkWriter writer, LegacyDataset dataset, BucketClock clock, Random random, List<Guid> claude, int minuteMetrics)
    {
        var before = writer.KeysWritten;
        var keyIds = dataset.KeyUsage.Keys.Take(5).DefaultIfEmpty(Guid.NewGuid()).ToList();
        foreach (var keyId in keyIds)
        {
            var id = keyId.ToString();
            await writer.StringAsync(LegacyKeys.Concurrency(id), "1", TimeSpan.FromSeconds(170));
            await writer.StringAsync($"rate_limit:window_start:{id}", clock.Now.AddMinutes(-3).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), TimeSpan.FromMinutes(57));
            await writer.StringAsync($"rate_limit:requests:{id}", "4", TimeSpan.FromMinutes(57));
            await writer.StringAsync($"rate_limit:tokens:{id}", "12345", TimeSpan.FromMinutes(57));
        }

        var minute = clock.Now.ToUnixTimeMilliseconds() / 60000;
        for (var i = 0; i < minuteMetrics; i++)
        {
            await writer.HashAsync(LegacyKeys.SystemMinute(minute - i), new Dictionary<string, string>
            {
                ["requests"] = "3",
                ["totalTokens"] = "9000",
                ["inputTokens"] = "1000",
                ["outputTokens"] = "500",
                ["cacheCreateTokens"] = "2500",
                ["cacheReadTokens"] = "5000",
            });
        }

        var account = claude[0].ToString();
        await writer.StringAsync($"claude_account:{account}:401_errors", "1", TimeSpan.FromSeconds(250));
        await writer.StringAsync($"token_refresh_lock:claude:{account}", Guid.NewGuid().ToString(), TimeSpan.FromSeconds(40));
        await writer.StringAsync(
            $"claude_code_headers:{account}",
            JsonSerializer.Serialize(new { headers = new Dictionary<string, string> { ["user-agent"] = "claude-cli/1.0.80 (external, cli)" }, version = "1.0.80", updatedAt = JsValues.Iso(clock.Now) }),
            TimeSpan.FromDays(6));
        await writer.StringAsync($"global_rate_limit:10.0.0.{random.Next(255)}", "3", TimeSpan.FromMinutes(10));
        await writer.HashAsync($"ratelimit:{account}", new Dictionary<string, string> { ["limitedAt"] = JsValues.Iso(clock.Now) });
        await writer.StringAsync($"oauth_session:{Guid.NewGuid()}", "{}");
        await writer.StringAsync($"crs2:cache:apikey:id:{Guid.NewGuid()}", "{}", TimeSpan.FromMinutes(5));
        dataset.SkippedKeys += writer.KeysWritten - before;
    }
}
