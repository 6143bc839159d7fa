using System.Text.Json;
using DataAccess;
using DataAccess.Redis;
using DataAccess.Usage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Usage;

// Drains the usage stream into the DataService in batches. An entry is acknowledged and
// removed only after the DataService stored it; until then it stays pending and is sent
// again (its event id makes the repeat count once), by this gateway after a failure or by
// another one when this one crashed. A DataService outage delays usage, never loses it.
public sealed partial class UsageDelivery(
    IConnectionMultiplexer redis,
    IUsageStore usage,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<UsageDelivery> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly UsageOptions _options = options.Value.Usage;
    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    public string DeadLetterKey => _options.StreamKey + ":dead";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = _options.PollInterval;
        var nextClaim = time.GetUtcNow();

        // Entries this consumer read but could not deliver (before a restart too) come first;
        // while there are none, only new entries are read.
        var mayHavePending = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureGroupAsync();
                var database = redis.GetDatabase();
                StreamEntry[] entries = [];
                if (time.GetUtcNow() >= nextClaim)
                {
                    nextClaim = time.GetUtcNow() + _options.ClaimAfter;
                    var claimed = await database.StreamAutoClaimAsync(
                        _options.StreamKey, _options.ConsumerGroup, _consumer, (long)_options.ClaimAfter.TotalMilliseconds, "0-0", _options.BatchSize);
                    entries = claimed.ClaimedEntries;
                }

                if (entries.Length == 0 && mayHavePending)
                {
                    entries = await database.StreamReadGroupAsync(_options.StreamKey, _options.ConsumerGroup, _consumer, "0", _options.BatchSize);
                    mayHavePending = entries.Length > 0;
                }

                if (entries.Length == 0)
                {
                    entries = await database.StreamReadGroupAsync(_options.StreamKey, _options.ConsumerGroup, _consumer, ">", _options.BatchSize);
                }

                if (entries.Length == 0)
                {
                    await Task.Delay(_options.PollInterval, time, stoppingToken);
                    continue;
                }

                if (await DeliverAsync(database, entries, stoppingToken))
                {
                    backoff = _options.PollInterval;
                    if (entries.Length < _options.BatchSize)
                    {
                        // The stream is drained: let the next batch fill for a poll interval
                        // rather than send the DataService a few records at a time, each
                        // batch costing it a transaction.
                        await Task.Delay(_options.PollInterval, time, stoppingToken);
                    }
                }
                else
                {
                    mayHavePending = true;
                    await Task.Delay(backoff, time, stoppingToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                mayHavePending = true;
                LogRedisFailed(exception);
                await Task.Delay(MaxBackoff, time, stoppingToken);
            }
        }
    }

    private async Task<bool> DeliverAsync(IDatabase database, StreamEntry[] entries, CancellationToken cancellationToken)
    {
        var records = new List<(UsageRecord Record, RedisValue Payload)>();
        var read = new List<RedisValue>(entries.Length);
        foreach (var entry in entries)
        {
            try
            {
                records.AddRange(UsageEntry.Read(entry));
                read.Add(entry.Id);
            }
            catch (JsonException exception)
            {
                // Nothing in it can be trusted to count once: kept aside whole for an operator,
                // at once, so that it neither holds up the records beside it nor is read again.
                LogUnreadable(entry.Id, exception.Message);
                await database.StreamAddAsync(DeadLetterKey, entry.Values);
                await database.AcknowledgeAndDeleteAsync(_options.StreamKey, _options.ConsumerGroup, [entry.Id]);
            }
        }

        // An entry holds the usage of up to a ledger call's requests, so the DataService gets
        // them in batches of the configured size; the entries are acknowledged once all went.
        foreach (var batch in records.Chunk(_options.BatchSize))
        {
            var result = await usage.RecordUsageBatchAsync([.. batch.Select(record => record.Record)], cancellationToken);
            if (!result.Success && IsTransient(result.Code))
            {
                LogDeliveryDelayed(batch.Length, result.Code);
                return false;
            }

            if (!result.Success && result.Code != DatabaseErrorCode.DuplicateKey)
            {
                // The DataService refused the batch itself; kept aside for an operator rather
                // than retried forever, in the usage stream's own form.
                LogDeadLettered(batch.Length, result.Code, result.Error);
                await database.StreamAddAsync(DeadLetterKey, [.. batch.Select(record => new NameValueEntry(UsageEntry.Field, record.Payload))]);
            }
        }

        if (read.Count > 0)
        {
            await database.AcknowledgeAndDeleteAsync(_options.StreamKey, _options.ConsumerGroup, [.. read]);
        }

        return true;
    }

    private bool _groupReady;

    private async Task EnsureGroupAsync()
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(_options.StreamKey, _options.ConsumerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another gateway created it first.
        }

        _groupReady = true;
    }

    // Failures that pass: the DataService or its database unreachable or overloaded, or this
    // gateway's service token refused (a configuration to fix, not usage to drop).
    private static bool IsTransient(string? code) => code is DatabaseErrorCode.ConnectionFailed or DatabaseErrorCode.ConnectionTimeout
        or DatabaseErrorCode.PoolExhausted or DatabaseErrorCode.QueryTimeout or DatabaseErrorCode.CacheError
        or "UNAUTHORIZED" or "FORBIDDEN" or "INTERNAL_ERROR";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Count} usage records to the DataService failed ({Code}); they stay queued and are retried.")]
    private partial void LogDeliveryDelayed(int count, string? code);

    [LoggerMessage(Level = LogLevel.Error, Message = "The DataService refused {Count} usage records ({Code}: {Error}); they were moved to the dead-letter stream.")]
    private partial void LogDeadLettered(int count, string? code, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Usage stream entry {EntryId} cannot be read ({Reason}); it was moved to the dead-letter stream.")]
    private partial void LogUnreadable(string? entryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the usage stream failed; retrying.")]
    private partial void LogRedisFailed(Exception exception);
}
