using System.Globalization;
using System.Text;
using System.Threading.Channels;
using DataAccess.ApiKeys;
using DataAccess.Time;
using DataAccess.Usage;
using Gateway.Limits;
using Gateway.Pricing;
using Gateway.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Usage;

// Ends a request in one ledger operation: releases its concurrency lease, adds its tokens to
// the key's rate-limit window and its cost to today's cost (as the legacy relay does), and
// appends its usage to the usage stream that UsageDelivery drains into the DataService.
// If Redis cannot take it, the ending is kept in memory and retried until it can.
public sealed partial class UsageRecorder(
    RequestLedger ledger,
    LeaseRenewer leases,
    CostCalculator costs,
    GatewayMetrics metrics,
    TimeBuckets buckets,
    LegacyLayoutMode layout,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<UsageRecorder> logger) : BackgroundService
{
    private readonly Channel<(RedisKey[] Keys, RedisValue[] Values)> _retries = Channel.CreateUnbounded<(RedisKey[], RedisValue[])>();
    private readonly RedisKey _stream = Encoding.UTF8.GetBytes(options.Value.Usage.StreamKey);

    // Ends a request that reported usage (usage null: it did not, or it was refused upstream).
    // Its id is its usage record's event id.
    public Task EndAsync(ApiKeyValidation key, Guid requestId, LeaseForm lease, Guid? accountId, string? model, TokenUsage? usage, bool streamed)
    {
        var leaseMember = requestId.ToString("N");
        leases.Forget(leaseMember);
        var now = time.GetUtcNow();
        var limits = key.Limits;
        var windowActive = limits.RateLimitWindowMinutes > 0 && (limits.RateLimitRequests > 0 || limits.TokenLimit > 0);
        var names = KeyCounterNames.Of(key);
        RedisKey[] keys =
        [
            names.Concurrency, names.WindowTokens, names.DailyCost(buckets, now), _stream, names.CounterLeases,
            .. limits.TokenLimit > 0 ? [names.TotalTokens] : Array.Empty<RedisKey>(),
        ];
        RedisValue[] values;
        if (usage is { } reported && accountId is { } account && model is not null)
        {
            var cost = costs.Cost(model, reported, streamed);
            metrics.Usage(model, reported, cost);
            values =
            [
                leaseMember,
                reported.Total,
                cost.ToString(CultureInfo.InvariantCulture),
                windowActive ? 1 : 0,
                layout.DataServiceWritesCost ? 0 : 1,
                LeaseForms.Name(lease),
                .. UsageEntry.Fields(new UsageRecord
                {
                    EventId = requestId,
                    Timestamp = now,
                    ApiKeyId = key.Id,
                    AccountId = account,
                    Model = model,
                    InputTokens = reported.Input,
                    OutputTokens = reported.Output,
                    CacheCreateTokens = reported.CacheCreate,
                    CacheReadTokens = reported.CacheRead,
                    Ephemeral5mTokens = reported.Ephemeral5m,
                    Ephemeral1hTokens = reported.Ephemeral1h,
                    Cost = cost,
                }),
            ];
        }
        else
        {
            values = [leaseMember, 0, "0", 0, 0, LeaseForms.Name(lease)];
        }

        return RunAsync(keys, values);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (keys, values) in _retries.Reader.ReadAllAsync(stoppingToken))
        {
            while (true)
            {
                try
                {
                    await ledger.EndAsync(keys, values);
                    break;
                }
                catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
            }
        }
    }

    private async Task RunAsync(RedisKey[] keys, RedisValue[] values)
    {
        using var span = GatewayActivities.RedisScript("redis request.end");
        try
        {
            await ledger.EndAsync(keys, values);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            LogDeferred(exception);
            _retries.Writer.TryWrite((keys, values));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis could not take a request's ending (lease release, counters, usage); it is kept and retried.")]
    private partial void LogDeferred(Exception exception);
}
