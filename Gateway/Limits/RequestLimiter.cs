using System.Globalization;
using DataAccess.ApiKeys;
using DataAccess.Time;
using Gateway.Routing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Limits;

// Steps 4 to 6 of the legacy order (concurrency, rate-limit window, daily cost) in one Redis
// round trip. The concurrency lease taken here is released by the usage recorder when the
// request ends, however it ends; LeaseRenewer keeps leases of long requests alive.
public sealed class RequestLimiter(
    IConnectionMultiplexer redis,
    LeaseRenewer renewer,
    TimeBuckets buckets,
    TimeProvider time,
    IOptions<GatewayOptions> options)
{
    private readonly LimitOptions _options = options.Value.Limits;

    public async Task<LimitDecision> AcquireAsync(ApiKeyValidation key, string requestId, RedisKey? stickyKey, TimeSpan stickyTtl)
    {
        var limits = key.Limits;
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        RedisKey[] keys = stickyKey is { } sticky
            ? [LimitKeys.Concurrency(key.Id), LimitKeys.WindowStart(key.Id), LimitKeys.WindowRequests(key.Id), LimitKeys.WindowTokens(key.Id), LimitKeys.DailyCost(key.Id, buckets.Date(now)), sticky]
            : [LimitKeys.Concurrency(key.Id), LimitKeys.WindowStart(key.Id), LimitKeys.WindowRequests(key.Id), LimitKeys.WindowTokens(key.Id), LimitKeys.DailyCost(key.Id, buckets.Date(now))];
        RedisValue[] values =
        [
            nowMs,
            requestId,
            (long)_options.LeaseDuration.TotalMilliseconds,
            limits.ConcurrencyLimit,
            (long)limits.RateLimitWindowMinutes * 60_000,
            limits.RateLimitRequests,
            limits.TokenLimit,
            limits.DailyCostLimit.ToString(CultureInfo.InvariantCulture),
            (long)stickyTtl.TotalSeconds,
        ];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(LimitScripts.Acquire, keys, values))!;
        var code = (int)result[0];
        var retryAfter = TimeSpan.FromMilliseconds((long)result[1]);
        switch (code)
        {
            case 0:
                if (limits.ConcurrencyLimit > 0)
                {
                    renewer.Track(LimitKeys.Concurrency(key.Id), requestId);
                }

                return new LimitDecision(LimitRejection.None, null, result[2].IsNull ? null : (string?)result[2]);
            case 1:
                return Reject(LimitRejection.Concurrency, AnthropicError.RateLimited(
                    $"Concurrency limit exceeded: too many concurrent requests. Limit: {limits.ConcurrencyLimit} concurrent requests"));
            case 2:
                return Reject(LimitRejection.WindowRequests, AnthropicError.RateLimited(
                    $"Rate limit exceeded: {limits.RateLimitRequests} requests per {limits.RateLimitWindowMinutes} minutes; resets in {Minutes(retryAfter)} minutes", retryAfter));
            case 3:
                return Reject(LimitRejection.WindowTokens, AnthropicError.RateLimited(
                    $"Rate limit exceeded: {limits.TokenLimit} tokens per {limits.RateLimitWindowMinutes} minutes; resets in {Minutes(retryAfter)} minutes", retryAfter));
            default:
                var untilTomorrow = buckets.StartOfDay(now).AddDays(1) - now;
                return Reject(LimitRejection.DailyCost, AnthropicError.RateLimited(
                    $"Daily cost limit exceeded: the limit of ${limits.DailyCostLimit.ToString("G29", CultureInfo.InvariantCulture)} per day is reached", untilTomorrow));
        }
    }

    private static LimitDecision Reject(LimitRejection rejection, AnthropicError error) => new(rejection, error, null);

    private static long Minutes(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMinutes));
}
