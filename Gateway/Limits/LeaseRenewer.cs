using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Limits;

// A lease expires LeaseDuration after it was taken, so a crashed gateway's leases free
// themselves; a request still running when a third of that has passed gets its lease
// extended, in one script per round for all such requests.
public sealed partial class LeaseRenewer(
    IConnectionMultiplexer redis,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<LeaseRenewer> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (RedisKey LeaseSet, RedisKey Follower, long RenewAt)> _leases = new();
    private readonly TimeSpan _lease = options.Value.Limits.LeaseDuration;

    // A lease in a sorted set is renewed in it; one counted in a string counter is renewed in
    // the counter leases, and the counter's TTL follows.
    public void Track(KeyCounterNames key, LeaseForm form, string requestId)
    {
        var (leaseSet, follower) = form == LeaseForm.Counter ? (key.CounterLeases, key.Concurrency) : (key.Concurrency, key.Concurrency);
        _leases[requestId] = (leaseSet, follower, time.GetUtcNow().ToUnixTimeMilliseconds() + (long)(_lease.TotalMilliseconds / 3));
    }

    public void Forget(string requestId) => _leases.TryRemove(requestId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_lease / 6, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RenewDueAsync();
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                LogRenewFailed(exception);
            }
        }
    }

    private async Task RenewDueAsync()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var keys = new List<RedisKey>();
        var values = new List<RedisValue> { now + (long)_lease.TotalMilliseconds, (long)_lease.TotalMilliseconds };
        foreach (var (requestId, lease) in _leases)
        {
            if (lease.RenewAt <= now)
            {
                keys.Add(lease.LeaseSet);
                keys.Add(lease.Follower);
                values.Add(requestId);
                _leases.TryUpdate(requestId, lease with { RenewAt = now + (long)(_lease.TotalMilliseconds / 3) }, lease);
            }
        }

        if (keys.Count > 0)
        {
            await redis.GetDatabase().ScriptEvaluateAsync(LimitScripts.Renew, [.. keys], [.. values]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing concurrency leases failed; they are retried on the next round.")]
    private partial void LogRenewFailed(Exception exception);
}
