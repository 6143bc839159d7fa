using System.Globalization;
using DataAccess.ApiKeys;
using DataAccess.Time;
using Gateway.Routing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Limits;

// Step 4 of the legacy order and what followed it (concurrency, rate-limit window, daily
// cost, total tokens) in one ledger operation. The concurrency lease taken here is released
// by the usage recorder when the request ends, however it ends; LeaseRenewer keeps leases of
// long requests alive. A request over the concurrency limit waits in the key's wait queue
// when that is enabled.
public sealed class RequestLimiter(
    RequestLedger ledger,
    LeaseRenewer renewer,
    ConcurrencyWaitQueue waitQueue,
    TimeBuckets buckets,
    TimeProvider time,
    IOptions<GatewayOptions> options)
{
    // A kept total is seeded again from the data layer after a day without requests.
    private static readonly long TotalTokensTtlSeconds = (long)TimeSpan.FromDays(1).TotalSeconds;

    private readonly LimitOptions _options = options.Value.Limits;

    public async Task<LimitDecision> AcquireAsync(ApiKeyValidation key, string requestId, RedisKey? stickyKey, TimeSpan stickyTtl, CancellationToken cancellationToken = default)
    {
        var decision = await TryAcquireAsync(key, requestId, stickyKey, stickyTtl);
        if (decision.Rejection != LimitRejection.Concurrency || !_options.WaitQueue.Enabled)
        {
            return decision;
        }

        return await waitQueue.WaitAsync(key.Id, requestId, () => TryAcquireAsync(key, requestId, stickyKey, stickyTtl), cancellationToken) ?? decision;
    }

    // The key's lifetime token cap, where it has one: its tokenLimit when no rate-limit window
    // uses it (layout §6: with a window, tokenLimit caps the window).
    private long TotalTokenLimit(ApiKeyLimits limits) =>
        _options.TotalTokenLimit && limits.TokenLimit > 0 && limits.RateLimitWindowMinutes <= 0 ? limits.TokenLimit : 0;

    private async Task<LimitDecision> TryAcquireAsync(ApiKeyValidation key, string requestId, RedisKey? stickyKey, TimeSpan stickyTtl)
    {
        var limits = key.Limits;
        var now = time.GetUtcNow();
        var totalTokenLimit = TotalTokenLimit(limits);
        var names = KeyCounterNames.Of(key);
        RedisKey[] keys =
        [
            names.Concurrency, names.WindowStart, names.WindowRequests, names.WindowTokens,
            names.DailyCost(buckets, now), names.CounterLeases, names.TotalTokens,
            .. stickyKey is { } sticky ? [sticky] : Array.Empty<RedisKey>(),
        ];
        RedisValue[] values =
        [
            now.ToUnixTimeMilliseconds(),
            requestId,
            (long)_options.LeaseDuration.TotalMilliseconds,
            limits.ConcurrencyLimit,
            (long)limits.RateLimitWindowMinutes * 60_000,
            limits.RateLimitRequests,
            limits.TokenLimit,
            limits.DailyCostLimit.ToString(CultureInfo.InvariantCulture),
            (long)stickyTtl.TotalSeconds,
            LeaseForms.Name(_options.ConcurrencyForm == ConcurrencyForm.Counter ? LeaseForm.Counter : LeaseForm.SortedSet),
            totalTokenLimit,
            key.TotalTokens,
            TotalTokensTtlSeconds,
            now.ToUnixTimeMilliseconds() + (long)_options.LeaseDuration.TotalMilliseconds,
        ];
        var result = await ledger.AdmitAsync(keys, values);
        var code = (int)result[0];
        var retryAfter = TimeSpan.FromMilliseconds((long)result[1]);
        switch (code)
        {
            case 0:
                var lease = LeaseForms.Parse((string?)result[3]);
                if (lease != LeaseForm.None)
                {
                    renewer.Track(names, lease, requestId);
                }

                return new LimitDecision(LimitRejection.None, null, result[2].IsNull ? null : (string?)result[2], lease);
            case 1:
                return Reject(LimitRejection.Concurrency, AnthropicError.RateLimited(
                    $"Concurrency limit exceeded: too many concurrent requests. Limit: {limits.ConcurrencyLimit} concurrent requests"));
            case 2:
                return Reject(LimitRejection.WindowRequests, AnthropicError.RateLimited(
                    $"Rate limit exceeded: {limits.RateLimitRequests} requests per {limits.RateLimitWindowMinutes} minutes; resets in {Minutes(retryAfter)} minutes", retryAfter));
            case 3:
                return Reject(LimitRejection.WindowTokens, AnthropicError.RateLimited(
                    $"Rate limit exceeded: {limits.TokenLimit} tokens per {limits.RateLimitWindowMinutes} minutes; resets in {Minutes(retryAfter)} minutes", retryAfter));
            case 4:
                var untilTomorrow = buckets.StartOfDay(now).AddDays(1) - now;
                return Reject(LimitRejection.DailyCost, AnthropicError.RateLimited(
                    $"Daily cost limit exceeded: the limit of ${limits.DailyCostLimit.ToString("G29", CultureInfo.InvariantCulture)} per day is reached", untilTomorrow));
            default:
                return Reject(LimitRejection.TotalTokens, AnthropicError.RateLimited(
                    $"Token limit exceeded: the key's limit of {totalTokenLimit} tokens in total is reached"));
        }
    }

    private static LimitDecision Reject(LimitRejection rejection, AnthropicError error) => new(rejection, error, null);

    private static long Minutes(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMinutes));
}
