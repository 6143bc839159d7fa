using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Limits;

// The optional short queue before a concurrency 429: a request over its key's limit joins
// the key's queue in Redis (bounded across all gateways, members expiring at their deadline
// so a crashed gateway's waiters leave by themselves) and asks for a lease again, backing off
// from the poll interval to four times it, until it is admitted, refused for another reason,
// its deadline passes or the client leaves. Asking is the same atomic script as the first
// attempt, so waiters never put more requests in flight than the limit.
public sealed class ConcurrencyWaitQueue(IConnectionMultiplexer redis, TimeProvider time, IOptions<GatewayOptions> options)
{
    private readonly WaitQueueOptions _options = options.Value.Limits.WaitQueue;

    // The decision after waiting, or null when the queue was full, the deadline passed or the
    // client left (the caller then answers with the refusal it had).
    public async Task<LimitDecision?> WaitAsync(Guid keyId, string requestId, Func<Task<LimitDecision>> attempt, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var queue = LimitKeys.WaitQueue(keyId);
        var started = time.GetUtcNow();
        var deadline = started + _options.Timeout;
        var joined = (long)await database.ScriptEvaluateAsync(
            LimitScripts.EnterQueue,
            [queue],
            [started.ToUnixTimeMilliseconds(), requestId, deadline.ToUnixTimeMilliseconds(), _options.MaxWaiters]);
        if (joined == 0)
        {
            return null;
        }

        try
        {
            var interval = _options.PollInterval;
            while (true)
            {
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                var pause = Jittered(interval);
                await Task.Delay(pause < remaining ? pause : remaining, time, cancellationToken);
                var decision = await attempt();
                if (decision.Rejection != LimitRejection.Concurrency)
                {
                    return decision;
                }

                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 3 / 2, _options.PollInterval.Ticks * 4));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            await database.SortedSetRemoveAsync(queue, requestId);
        }
    }

    // ±20 %, so waiters of one key do not all ask at the same moment.
    private static TimeSpan Jittered(TimeSpan interval) => interval * (0.8 + (Random.Shared.NextDouble() * 0.4));
}
